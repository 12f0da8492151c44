import type { SimdKernels } from '../wasm/kernels';
import type { PixelKind } from './plan';
import type { Region } from './storage';

/** Spare bytes after every region: SIMD loads and stores may run past the last value. */
const SLACK = 64;

/** An image in the workspace: where it starts (bytes), its element kind and shape. */
export interface Slot {
  readonly address: number;
  readonly pixels: PixelKind;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * The engine's scratch memory: each image is copied in, processed in regions handed out
 * here (the WebAssembly module's memory when SIMD is available, a plain buffer
 * otherwise), and copied out. Views are refreshed when it grows, so take them after
 * allocating, never across an `allocate`.
 */
export class Workspace {
  private buffer: ArrayBuffer;
  private top = 0;
  bytes!: Uint8ClampedArray;
  floats!: Float32Array;
  ints!: Int32Array;
  doubles!: Float64Array;

  constructor(private readonly memory: WebAssembly.Memory | null) {
    this.buffer = memory?.buffer ?? new ArrayBuffer(1 << 16);
    this.refresh();
  }

  /** A workspace on the SIMD module's memory, or on its own buffer. */
  static for(simd: SimdKernels | null): Workspace {
    return new Workspace(simd?.memory ?? null);
  }

  /** Forgets every region (call before each image). */
  reset(): void {
    this.top = 0;
  }

  /** A 16-byte aligned region of `byteLength` bytes (plus slack); returns its address. */
  allocate(byteLength: number): number {
    const address = this.top;
    const end = address + ((byteLength + SLACK + 15) & ~15);
    if (end > this.buffer.byteLength) this.grow(end);
    this.top = end;
    return address;
  }

  /** A region for an image of a shape and kind. */
  slot(pixels: PixelKind, shape: { height: number; width: number; channels: number }): Slot {
    const bytes = shape.height * shape.width * shape.channels * (pixels === 'float32' ? 4 : 1);
    return { address: this.allocate(bytes), pixels, height: shape.height, width: shape.width, channels: shape.channels };
  }

  /** The slot as a kernel region (a view of the current memory). */
  view(slot: Slot): Region {
    const float = slot.pixels === 'float32';
    return { data: float ? this.floats : this.bytes, offset: float ? slot.address / 4 : slot.address, height: slot.height, width: slot.width, channels: slot.channels };
  }

  private grow(end: number): void {
    if (this.memory !== null) {
      this.memory.grow(Math.ceil((end - this.buffer.byteLength) / 65536));
      this.buffer = this.memory.buffer;
    } else {
      const next = new ArrayBuffer(Math.max(end, 2 * this.buffer.byteLength));
      new Uint8Array(next).set(new Uint8Array(this.buffer));
      this.buffer = next;
    }
    this.refresh();
  }

  private refresh(): void {
    this.bytes = new Uint8ClampedArray(this.buffer);
    this.floats = new Float32Array(this.buffer);
    this.ints = new Int32Array(this.buffer);
    this.doubles = new Float64Array(this.buffer);
  }
}
