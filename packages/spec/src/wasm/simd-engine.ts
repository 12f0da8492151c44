import type { Engine } from '../optimizer/engine';
import type { FirstOrderRuleType } from '../rules';
import { simdBindings } from './bindings';
import { simdKernels, type SimdKernels } from './kernels';

/** Elements per chunk: the five chunk buffers (p, g, up to three slots) of 16 KiB stay in L2. */
const CHUNK = 4096;
const REGIONS = 5;
const BYTES = 4 * CHUNK;

/**
 * Views of an array, one per CHUNK-sized chunk, cached by array so that steady-state
 * steps over the same arrays allocate nothing.
 */
class ChunkViews {
  private readonly cache = new WeakMap<Float32Array, Float32Array[]>();

  of(values: Float32Array): Float32Array[] {
    let views = this.cache.get(values);
    if (views === undefined) {
      views = [];
      for (let offset = 0; offset < values.length; offset += CHUNK) views.push(values.subarray(offset, Math.min(offset + CHUNK, values.length)));
      this.cache.set(values, views);
    }
    return views;
  }
}

/** The engine state on top of the kernels: the memory's float view and the views of each region by length. */
class SimdWorkspace {
  readonly heap: Float32Array;
  private readonly regionViews = new Map<number, Float32Array[]>();
  readonly slotOffsets: number[][] = [[], [2 * BYTES], [2 * BYTES, 3 * BYTES], [2 * BYTES, 3 * BYTES, 4 * BYTES]];

  constructor(readonly kernels: SimdKernels) {
    const missing = REGIONS * BYTES - kernels.memory.buffer.byteLength;
    if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
    this.heap = new Float32Array(kernels.memory.buffer);
  }

  /** Views of the five regions (p, g, slot 0, 1, 2) holding `length` elements each. */
  regions(length: number): Float32Array[] {
    let views = this.regionViews.get(length);
    if (views === undefined) {
      views = Array.from({ length: REGIONS }, (_, r) => this.heap.subarray(r * CHUNK, r * CHUNK + length));
      this.regionViews.set(length, views);
    }
    return views;
  }
}

/**
 * The SIMD engine: each tensor is processed in chunks copied into the kernels' memory,
 * updated there by the rule's f32x4 kernel, and copied back. Every array is read and
 * written once per step, as with the JavaScript loops, but four lanes at a time.
 */
export function createSimdEngine(kernels: SimdKernels): Engine<Float32Array> {
  const workspace = new SimdWorkspace(kernels);
  const views = new ChunkViews();
  const slotChunks: Float32Array[][] = [];
  return {
    precision: 'float32',
    allocate: (length) => new Float32Array(length),
    accepts: (values): values is Float32Array => values instanceof Float32Array,
    hasNonFinite(values) {
      const chunks = views.of(values);
      const { heap } = workspace;
      for (const chunk of chunks) {
        const lanes = (chunk.length + 3) & ~3;
        heap.set(chunk, CHUNK);
        heap.fill(0, CHUNK + chunk.length, CHUNK + lanes);
        if (kernels.hasNonFinite(BYTES, lanes) !== 0) return true;
      }
      return false;
    },
    update(rule, h, p, g, state, step) {
      const c = rule.coefficients(h, step, state.scalars);
      const bind = simdBindings[rule.type as FirstOrderRuleType];
      const slots = state.slotList;
      const offsets = workspace.slotOffsets[slots.length];
      const pChunks = views.of(p);
      const gChunks = views.of(g);
      slotChunks.length = slots.length;
      for (let s = 0; s < slots.length; s++) slotChunks[s] = views.of(slots[s]);
      const { heap } = workspace;
      for (let i = 0; i < pChunks.length; i++) {
        const target = pChunks[i];
        const length = target.length;
        heap.set(target, 0);
        heap.set(gChunks[i], CHUNK);
        for (let s = 0; s < slots.length; s++) heap.set(slotChunks[s][i], (2 + s) * CHUNK);
        bind(kernels, 0, BYTES, offsets, (length + 3) & ~3, c);
        const regions = workspace.regions(length);
        target.set(regions[0]);
        for (let s = 0; s < slots.length; s++) slotChunks[s][i].set(regions[2 + s]);
      }
    },
  };
}

let shared: Engine<Float32Array> | null | undefined;

/** The SIMD engine, or null where WebAssembly SIMD is not available. */
export function simdEngine(): Engine<Float32Array> | null {
  if (shared === undefined) {
    const kernels = simdKernels();
    shared = kernels === null ? null : createSimdEngine(kernels);
  }
  return shared;
}
