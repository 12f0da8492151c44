import * as tf from '@tensorflow/tfjs';
import { DescentError, registerSimdMemory } from '@descent/core';

type DataId = object;
type TensorInfo = { dataId: DataId; shape: number[]; dtype: 'float32' };

/**
 * A variable opened for a step: a fresh buffer holding its current values, which the
 * kernel updates in place and `commit` makes the variable's value; `release` drops it
 * when the step did not update.
 */
export interface WritableValues {
  /** The buffer the kernel updates (create it only after every `writable` call of the step). */
  values(): Float32Array;
  /** Makes the written buffer the variable's value. */
  commit(): void;
  /** Frees the buffer without touching the variable. */
  release(): void;
}

/**
 * Direct access to the memory of a backend whose data is JS-visible, for the fused path.
 * After a step the variable's value is a tensor no one has seen before, exactly as with a
 * tf op: tensors that shared its old buffer, arrays `dataSync()` returned, and backend
 * caches keyed by a tensor (the wasm backend's XNNPACK operators keep packed copies of
 * matMul weights) all stay right.
 */
export interface BackendMemory {
  /** The backend's name ("cpu" or "wasm"). */
  readonly name: string;
  /** True when the tensor's data lives in this backend now. */
  holds(tensor: tf.Tensor): boolean;
  /** The float32 values of a tensor, to read only (valid until the backend allocates). */
  read(tensor: tf.Tensor): Float32Array;
  /** Opens a float32 variable for writing; `shared` when a gradient of the step is that very variable. */
  writable(variable: tf.Variable, shared: boolean): WritableValues;
}

interface CpuBackend {
  data: { has(id: DataId): boolean; get(id: DataId): { values: unknown } };
  write(values: Float32Array, shape: number[], dtype: 'float32'): DataId;
}

interface WasmBackend {
  wasm: { asm: { memory: WebAssembly.Memory }; _malloc(bytes: number): number };
  dataIdMap: { has(id: DataId): boolean; get(id: DataId): { memoryOffset: number } };
  refCount(id: DataId): number;
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number): TensorInfo;
  typedArrayFromHeap(info: { shape: number[]; dtype: tf.DataType; dataId: DataId }): ArrayLike<number>;
}

/** True for the cpu backend, whose internals the fused path reads. */
function isCpuBackend(backend: tf.KernelBackend): backend is tf.KernelBackend & CpuBackend {
  return 'data' in backend && typeof backend.write === 'function';
}

/** True for the wasm backend, whose heap the fused path reads. */
function isWasmBackend(backend: tf.KernelBackend): backend is tf.KernelBackend & WasmBackend {
  return 'wasm' in backend && 'dataIdMap' in backend && 'makeOutput' in backend && 'typedArrayFromHeap' in backend;
}

function asFloat32(values: unknown, tensor: tf.Tensor): Float32Array {
  if (!(values instanceof Float32Array)) throw new DescentError(`tensor ${tensor.id}`, tensor.dtype, 'float32 data on this backend (the fused path updates float32 variables only)');
  return values;
}

/** Makes a tensor the variable's value and drops the caller's reference to it. */
function assignAndDispose(variable: tf.Variable, value: tf.Tensor): void {
  variable.assign(value);
  value.dispose();
}

/** The cpu backend keeps each tensor's values in a Float32Array: reads are zero-copy, writes go to a copy. */
function cpuMemory(backend: tf.KernelBackend & CpuBackend): BackendMemory {
  const valuesOf = (tensor: tf.Tensor) => asFloat32(backend.data.get(tensor.dataId).values, tensor);
  return {
    name: 'cpu',
    holds: (tensor) => backend.data.has(tensor.dataId),
    read: valuesOf,
    writable(variable) {
      // dataSync() hands out this very array, so the new values go to a copy.
      const next = valuesOf(variable).slice();
      return {
        values: () => next,
        commit() {
          const dataId = backend.write(next, variable.shape, 'float32');
          assignAndDispose(variable, tf.engine().makeTensorFromDataId(dataId, variable.shape, 'float32', backend));
        },
        release: () => undefined,
      };
    },
  };
}

/**
 * The wasm backend keeps values on its heap. A variable whose buffer no other tensor
 * shares is updated in place, then its buffer is handed to a new tensor id: the old id is
 * retired without freeing the memory, so every cache keyed by it (the XNNPACK operators
 * that keep packed copies of matMul weights) is dropped as if a tf op had made new values.
 * A shared buffer is first copied to a new one. Views are made after every allocation of
 * the step, since an allocation can grow (and so replace) the heap. The heap is registered
 * with the core's SIMD engine, which then runs its kernels on the variables and gradients
 * where they are, with no copy (it reserves its scratch block now, before any view exists).
 */
function wasmMemory(backend: tf.KernelBackend & WasmBackend): BackendMemory {
  registerSimdMemory(backend.wasm.asm.memory, (bytes) => backend.wasm._malloc(bytes));
  const view = (tensor: { shape: number[]; dataId: DataId }, of: tf.Tensor) =>
    asFloat32(backend.typedArrayFromHeap({ shape: tensor.shape, dtype: 'float32', dataId: tensor.dataId }), of);
  const adopt = (info: TensorInfo) => tf.engine().makeTensorFromTensorInfo(info, backend);
  return {
    name: 'wasm',
    holds: (tensor) => backend.dataIdMap.has(tensor.dataId),
    read: (tensor) => view(tensor, tensor),
    writable(variable, shared) {
      if (backend.refCount(variable.dataId) > 1 || shared) {
        const next = adopt(backend.makeOutput(variable.shape, 'float32'));
        return {
          values() {
            const target = view(next, variable);
            target.set(view(variable, variable));
            return target;
          },
          commit: () => assignAndDispose(variable, next),
          release: () => next.dispose(),
        };
      }
      return {
        values: () => view(variable, variable),
        commit() {
          const entry = backend.dataIdMap.get(variable.dataId);
          const moved = adopt(backend.makeOutput(variable.shape, 'float32', entry.memoryOffset));
          entry.memoryOffset = 0;
          assignAndDispose(variable, moved);
        },
        release: () => undefined,
      };
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
    if (name === 'cpu' && isCpuBackend(backend)) memory = cpuMemory(backend);
    else if (name === 'wasm' && isWasmBackend(backend)) memory = wasmMemory(backend);
    else return null;
    memories.set(backend, memory);
  }
  return memory;
}
