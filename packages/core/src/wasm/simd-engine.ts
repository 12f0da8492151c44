import { hasNonFiniteElement, typedArrayMath } from '../optimizer/array-math';
import { jsKernel } from '../kernels/js-kernel';
import { hostScalars, hostStepWide, type Engine } from '../optimizer/engine';
import type { RuleProgram } from '../rules/program';
import { BoundedCache } from './bounded-cache';
import { instantiateKernels, simdKernels, type SimdKernels } from './kernels';

/** Elements per chunk: the chunk buffers (p, g, the slots; five for today's rules) of 16 KiB stay in L2. */
const CHUNK = 4096;
/** Scratch regions: p, g and up to six slots (a rule with more runs its JavaScript kernel). */
const REGIONS = 8;
const BYTES = 4 * CHUNK;
const PAGE = 65536;
/**
 * The distinct tensor lengths whose segments, and the distinct segment lengths whose
 * scratch views, are kept: past it a cache starts over (a model with more distinct lengths
 * than this allocates a few small arrays per step instead of growing without bound).
 */
export const SIMD_CACHE_LIMIT = 1024;
/**
 * Tensors shorter than this run the JavaScript kernel in float32 arithmetic (the same
 * numbers, bit for bit): for a handful of elements, calling into WebAssembly and copying
 * through scratch costs more than the loop (measured crossover: 64–256 elements).
 */
const SMALL = 64;

/** The part of a chunk the kernels can run on in place (a multiple of 4 elements), and the rest. */
interface Segment {
  readonly start: number;
  readonly length: number;
  readonly inPlace: boolean;
}

/** The segments of a tensor: each chunk's body (a multiple of 4, in place where possible) and its tail. */
function segmentsOf(length: number): Segment[] {
  const segments: Segment[] = [];
  for (let start = 0; start < length; start += CHUNK) {
    const size = Math.min(CHUNK, length - start);
    const body = size & ~3;
    if (body > 0) segments.push({ start, length: body, inPlace: true });
    if (body < size) segments.push({ start: start + body, length: size - body, inPlace: false });
  }
  return segments;
}

/** Segments by tensor length (bounded), and views of arrays by segment: steady-state steps allocate nothing. */
class SegmentViews {
  readonly segments = new BoundedCache(SIMD_CACHE_LIMIT, segmentsOf);
  private readonly views = new WeakMap<Float32Array, Float32Array[]>();

  of(length: number): Segment[] {
    return this.segments.get(length);
  }

  /** The views of `values`, one per segment of its length. */
  viewsOf(values: Float32Array): Float32Array[] {
    let views = this.views.get(values);
    if (views === undefined) {
      views = this.of(values.length).map((s) => values.subarray(s.start, s.start + s.length));
      this.views.set(values, views);
    }
    return views;
  }
}

/**
 * A memory the kernels run on: their own, or another module's (the tfjs wasm backend's heap)
 * where arrays that live in it are updated in place. `scratch` is the byte offset of REGIONS
 * CHUNK-sized regions (p, g, slots) for arrays that live elsewhere and for odd tails.
 */
class Workspace {
  private heapView: Float32Array;
  /** Views of the regions by length (at most CHUNK distinct lengths, and bounded besides). */
  readonly regionViews = new BoundedCache(SIMD_CACHE_LIMIT, (length) => {
    const heap = this.heapView;
    return Array.from({ length: REGIONS }, (_, r) => heap.subarray(this.region(r) / 4, this.region(r) / 4 + length));
  });

  constructor(
    readonly kernels: SimdKernels,
    readonly scratch: number,
  ) {
    this.heapView = new Float32Array(kernels.memory.buffer);
  }

  /** True when `values` lives in this memory. */
  holds(values: Float32Array): boolean {
    return values.buffer === this.kernels.memory.buffer;
  }

  /** The float view of the memory (made anew when the memory has grown). */
  get heap(): Float32Array {
    this.followGrowth();
    return this.heapView;
  }

  /** The byte offset of scratch region r. */
  region(r: number): number {
    return this.scratch + r * BYTES;
  }

  /** Views of the five regions holding `length` elements each. */
  regions(length: number): Float32Array[] {
    this.followGrowth();
    return this.regionViews.get(length);
  }

  /** Views of a memory that has grown see nothing: make the heap view anew and forget the region views. */
  private followGrowth(): void {
    if (this.heapView.buffer === this.kernels.memory.buffer) return;
    this.heapView = new Float32Array(this.kernels.memory.buffer);
    this.regionViews.clear();
  }
}

const foreign: Workspace[] = [];
let own: Workspace | null | undefined;
const views = new SegmentViews();

function ownWorkspace(): Workspace | null {
  if (own === undefined) {
    const kernels = simdKernels();
    own = null;
    if (kernels !== null) {
      const missing = REGIONS * BYTES - kernels.memory.buffer.byteLength;
      if (missing > 0) kernels.memory.grow(Math.ceil(missing / PAGE));
      own = new Workspace(kernels, 0);
    }
  }
  return own;
}

/**
 * Lets the SIMD engine update arrays that live in another WebAssembly module's memory
 * in place, instead of copying them through its own (the tfjs wasm backend registers its
 * heap this way). `allocate(bytes)` must return the byte offset of a block of at least
 * `bytes` bytes in that memory that stays reserved; it is called once, here, so call this
 * before making views of the memory. Returns false where WebAssembly SIMD is missing.
 */
export function registerSimdMemory(memory: WebAssembly.Memory, allocate: (bytes: number) => number): boolean {
  if (foreign.some((w) => w.kernels.memory === memory)) return true;
  const kernels = instantiateKernels(memory);
  if (kernels === null) return false;
  const block = allocate(REGIONS * BYTES + 16);
  foreign.push(new Workspace(kernels, (block + 15) & ~15));
  return true;
}

/** The workspace whose memory holds `values`, or the engine's own. */
function workspaceFor(values: Float32Array, fallback: Workspace): Workspace {
  for (const workspace of foreign) if (workspace.holds(values)) return workspace;
  return fallback;
}

/**
 * The SIMD engine: each tensor is processed in chunks by its program's printed f32x4 kernel
 * (see printSimdModule). Arrays in the kernels' memory are updated in place; others are
 * copied into scratch regions and back, so every array is read and written once per step,
 * four lanes at a time.
 */
function createSimdEngine(fallback: Workspace): Engine<Float32Array> {
  const arrays: Float32Array[] = [];
  const throughScratch: boolean[] = [];
  const hasNonFinite = (values: Float32Array): boolean => {
    if (values.length < SMALL) return hasNonFiniteElement(values);
    const workspace = workspaceFor(values, fallback);
    const { kernels } = workspace;
    const inPlace = workspace.holds(values);
    const segments = views.of(values.length);
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s];
      const lanes = (segment.length + 3) & ~3;
      let pointer: number;
      if (inPlace && segment.inPlace) {
        pointer = values.byteOffset + 4 * segment.start;
      } else {
        // Through scratch, zero-padded to whole lanes: stale lanes must not count.
        const heap = workspace.heap;
        const at = workspace.region(1) / 4;
        heap.set(views.viewsOf(values)[s], at);
        heap.fill(0, at + segment.length, at + lanes);
        pointer = workspace.region(1);
      }
      if (kernels.hasNonFinite(pointer, lanes) !== 0) return true;
    }
    return false;
  };
  return {
    ...typedArrayMath((length) => new Float32Array(length), hasNonFinite),
    precision: 'float32',
    arrays: 'a Float32Array',
    accepts: (values): values is Float32Array => values instanceof Float32Array,
    update(rule, p, g, state, step, globals) {
      const c = hostScalars(rule, p, g, state, step, globals);
      if (c === null) return;
      // A short tensor's JavaScript loop is called from here, so that the step of a small net is not a call deeper.
      if (p.length < SMALL) jsKernel(state.program, 'float32')(p, g, state.slotList, c);
      else runKernel(p, g, state.slotList, state.program, c);
    },
    stepWide: hostStepWide<Float32Array>(),
  };

  /** The program's printed f32x4 kernel over p, g and the slots (SMALL elements or more), chunk by chunk; `c` holds its coefficients and sums. */
  function runKernel(p: Float32Array, g: Float32Array, slots: Float32Array[], program: RuleProgram, c: Float64Array): void {
    if (2 + slots.length > REGIONS) return jsKernel(program)(p, g, slots, c);
    const workspace = workspaceFor(p, fallback);
    const kernel = workspace.kernels.kernelOf(program);
    const { args } = kernel;
    // The coefficients, then the per-tensor sums (the kernel reads both as numbers).
    for (let k = 0; k < c.length; k++) args[3 + slots.length + k] = c[k];
    arrays.length = 0;
    arrays.push(p, g);
    for (let k = 0; k < slots.length; k++) arrays.push(slots[k]);
    const segments = views.of(p.length);
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s];
      const copied = workspace.regions(segment.length);
      for (let a = 0; a < arrays.length; a++) {
        const array = arrays[a];
        throughScratch[a] = !(segment.inPlace && workspace.holds(array));
        // p, g and the slots lead the kernel's arguments (byte offsets), the lane count follows them.
        if (throughScratch[a]) {
          copied[a].set(views.viewsOf(array)[s]);
          args[a] = workspace.region(a);
        } else {
          args[a] = array.byteOffset + 4 * segment.start;
        }
      }
      args[arrays.length] = (segment.length + 3) & ~3;
      kernel.run();
      // Copy back what the kernel wrote: parameters and slots, not the gradient.
      for (let a = 0; a < arrays.length; a++) if (a !== 1 && throughScratch[a]) views.viewsOf(arrays[a])[s].set(copied[a]);
    }
  }
}

let shared: Engine<Float32Array> | null | undefined;

/** How many entries the SIMD engine's caches hold now, each at most SIMD_CACHE_LIMIT (to watch its memory). */
export function simdCacheSizes(): { segments: number; regionViews: number[] } {
  const workspaces = own ? [own, ...foreign] : foreign;
  return { segments: views.segments.size, regionViews: workspaces.map((w) => w.regionViews.size) };
}

/** The SIMD engine, or null where WebAssembly SIMD is not available. */
export function simdEngine(): Engine<Float32Array> | null {
  if (shared === undefined) {
    const workspace = ownWorkspace();
    shared = workspace === null ? null : createSimdEngine(workspace);
  }
  return shared;
}
