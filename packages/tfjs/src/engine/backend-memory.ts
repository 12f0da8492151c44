import * as tf from '@tensorflow/tfjs';

type DataId = object;

/** A variable's values opened for a step: written by a kernel, then committed to the variable. */
export interface WritableValues {
  /** The Float32Array the kernel updates in place (create it only after every `writable` call). */
  values(): Float32Array;
  /** Makes the written values the variable's value. */
  commit(): void;
}

/**
 * Direct access to the memory of a backend whose data is JS-visible, for the fused path.
 * Writes never change data another tensor can see: the tensors sharing a variable's
 * buffer, and the arrays `dataSync()` handed out earlier, keep their values.
 */
export interface BackendMemory {
  /** The backend's name ("cpu" or "wasm"). */
  readonly name: string;
  /** True when the tensor's data lives in this backend now. */
  holds(tensor: tf.Tensor): boolean;
  /** The float32 values of a tensor, to read only (valid until the backend allocates). */
  read(tensor: tf.Tensor): Float32Array;
  /** Opens a float32 variable for writing. */
  writable(variable: tf.Variable): WritableValues;
}

interface CpuBackend {
  data: { has(id: DataId): boolean; get(id: DataId): { values: unknown } };
  write(values: Float32Array, shape: number[], dtype: 'float32'): DataId;
}

interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { has(id: DataId): boolean };
  refCount(id: DataId): number;
  typedArrayFromHeap(info: { shape: number[]; dtype: tf.DataType; dataId: DataId }): ArrayLike<number>;
}

function asFloat32(values: unknown, tensor: tf.Tensor): Float32Array {
  if (!(values instanceof Float32Array)) throw new Error(`tensor ${tensor.id} has no float32 data on this backend`);
  return values;
}

/**
 * The cpu backend keeps each tensor's values in a Float32Array. Reads are zero-copy;
 * a write goes to a fresh array that then becomes the variable's new buffer, exactly as
 * a tf op's output would, so no other tensor or earlier `dataSync()` result changes.
 */
function cpuMemory(backend: CpuBackend): BackendMemory {
  const valuesOf = (tensor: tf.Tensor) => asFloat32(backend.data.get(tensor.dataId).values, tensor);
  return {
    name: 'cpu',
    holds: (tensor) => backend.data.has(tensor.dataId),
    read: valuesOf,
    writable(variable) {
      const next = valuesOf(variable).slice();
      return {
        values: () => next,
        commit() {
          const dataId = backend.write(next, variable.shape, 'float32');
          const value = tf.engine().makeTensorFromDataId(dataId, variable.shape, 'float32', backend as unknown as tf.KernelBackend);
          variable.assign(value);
          value.dispose();
        },
      };
    },
  };
}

/**
 * The wasm backend keeps values on its heap. `dataSync()` copies out of it, so a
 * variable's buffer can be updated in place, unless another tensor shares it (a clone,
 * the tensor it was made from): then the variable first gets its own copy.
 */
function wasmMemory(backend: WasmBackend): BackendMemory {
  // A buffer never moves on the heap, so its view is reused until the heap grows (which
  // replaces the heap's ArrayBuffer); stable views let the spec engine reuse its chunk views.
  const views = new WeakMap<DataId, Float32Array>();
  const view = (tensor: tf.Tensor) => {
    const cached = views.get(tensor.dataId);
    if (cached !== undefined && cached.buffer === backend.wasm.HEAPU8.buffer) return cached;
    const values = asFloat32(backend.typedArrayFromHeap({ shape: tensor.shape, dtype: tensor.dtype, dataId: tensor.dataId }), tensor);
    views.set(tensor.dataId, values);
    return values;
  };
  return {
    name: 'wasm',
    holds: (tensor) => backend.dataIdMap.has(tensor.dataId),
    read: view,
    writable(variable) {
      if (backend.refCount(variable.dataId) > 1) {
        const own = tf.tensor(variable.dataSync(), variable.shape, 'float32');
        variable.assign(own);
        own.dispose();
      }
      return { values: () => view(variable), commit: () => undefined };
    },
  };
}

const memories = new WeakMap<object, BackendMemory>();

/** The memory of the active backend when it is JS-visible (cpu, wasm), else null. */
export function activeMemory(): BackendMemory | null {
  const name = tf.getBackend();
  if (name !== 'cpu' && name !== 'wasm') return null;
  const backend = tf.backend();
  let memory = memories.get(backend);
  if (memory === undefined) {
    memory = name === 'cpu' ? cpuMemory(backend as unknown as CpuBackend) : wasmMemory(backend as unknown as WasmBackend);
    memories.set(backend, memory);
  }
  return memory;
}
