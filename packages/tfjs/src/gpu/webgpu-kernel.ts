import * as tf from '@tensorflow/tfjs';
import { DescentError, type RuleProgram } from '@descent/core';
import type { TensorUpdate } from '../engine/tensor-update';
import { mergeSlots, programOutputs } from './shader-text';
import { printWgsl, WORKGROUP_SIZE, type Lanes } from './wgsl';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** WebGPU objects the update touches, as far as it uses them (the page's WebGPU types stay out of this package's API). */
interface GpuDevice {
  createShaderModule(descriptor: { code: string }): object;
  createBindGroupLayout(descriptor: { entries: { binding: number; visibility: number; buffer: { type: string } }[] }): object;
  createPipelineLayout(descriptor: { bindGroupLayouts: object[] }): object;
  createComputePipeline(descriptor: { layout: object; compute: { module: object; entryPoint: string } }): object;
  createBindGroup(descriptor: { layout: object; entries: { binding: number; resource: object }[] }): object;
  readonly limits: { readonly maxComputeWorkgroupsPerDimension: number; readonly maxStorageBuffersPerShaderStage: number };
}

interface ComputePass {
  setPipeline(pipeline: object): void;
  setBindGroup(index: number, group: object): void;
  dispatchWorkgroups(x: number, y: number, z: number): void;
}

/**
 * The part of tfjs's webgpu backend the update uses: its device, its tensor buffers, its
 * uniform buffers and its batched command encoding, so the update's dispatch is ordered
 * with every tfjs kernel around it.
 */
interface WebgpuBackend {
  readonly device: GpuDevice;
  computePassEncoder: ComputePass | null;
  commandEncoder: { beginComputePass(descriptor: object): ComputePass };
  dispatchCountInPass: number;
  readonly commandQueueOwnedIds: WeakSet<object>;
  makeTensorInfo(shape: number[], dtype: 'float32'): TensorInfo;
  uploadToGPU(dataId: object): void;
  tensorToBinding(tensor: TensorInfo): object;
  makeUniforms(uniforms: { type: 'uint32' | 'float32'; data: number[] }[]): object;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/** True when `backend` exposes what the update needs of tfjs's webgpu backend. */
function isWebgpuBackend(backend: unknown): backend is WebgpuBackend {
  const b = backend as Partial<WebgpuBackend> | null;
  return typeof b?.makeUniforms === 'function' && typeof b.tensorToBinding === 'function' && typeof b.device === 'object';
}

const COMPUTE_STAGE = 0x4;

/** One compute pipeline of a program: it writes `outputs` (indices into the program's outputs). */
interface Pipeline {
  readonly pipeline: object;
  readonly layout: object;
  readonly outputs: readonly number[];
}

const pipelines = new WeakMap<GpuDevice, Map<string, Pipeline[]>>();
const byProgram = new WeakMap<RuleProgram, { device: GpuDevice; lanes: Lanes; pipelines: Pipeline[] }>();

/**
 * The compute pipelines of a program on a device, compiled once per distinct program: one
 * that writes every output, or, when the inputs and outputs together need more storage
 * buffers than the device binds in one stage (8 by default; amsgrad reads five and writes
 * four), as few as that limit allows, each reading every input.
 */
function pipelinesOf(device: GpuDevice, program: RuleProgram, lanes: Lanes): Pipeline[] {
  const known = byProgram.get(program);
  if (known?.device === device && known.lanes === lanes) return known.pipelines;
  let cache = pipelines.get(device);
  if (cache === undefined) {
    cache = new Map();
    pipelines.set(device, cache);
  }
  const key = `${lanes}:${program.key}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    const outputs = programOutputs(program);
    const inputs = 2 + program.slots.length + (program.reduction === null ? 0 : 1);
    const perPipeline = device.limits.maxStorageBuffersPerShaderStage - inputs;
    if (perPipeline < 1) {
      throw new DescentError(`${program.rule} slots`, program.slots.length, `at most ${device.limits.maxStorageBuffersPerShaderStage - 3} slots on this WebGPU device`);
    }
    compiled = [];
    for (let first = 0; first < outputs.length; first += perPipeline) {
      const written = outputs.slice(first, first + perPipeline);
      const entries = [...written.map(() => 'storage'), ...Array.from({ length: inputs }, () => 'read-only-storage'), 'uniform'].map((type, binding) => ({
        binding,
        visibility: COMPUTE_STAGE,
        buffer: { type },
      }));
      const layout = device.createBindGroupLayout({ entries });
      const module = device.createShaderModule({ code: printWgsl(program, lanes, written) });
      compiled.push({
        pipeline: device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'main' } }),
        layout,
        outputs: written.map((_, k) => first + k),
      });
    }
    cache.set(key, compiled);
  }
  byProgram.set(program, { device, lanes, pipelines: compiled });
  return compiled;
}

/** Workgroups along x and y for n invocations (y only past the per-dimension limit). */
function dispatchSize(n: number, limit: number): [number, number] {
  const groups = Math.ceil(n / WORKGROUP_SIZE);
  if (groups <= limit) return [groups, 1];
  const x = limit;
  return [x, Math.ceil(groups / x)];
}

/**
 * The update on the webgpu backend: one compute dispatch per variable and step that reads
 * the parameter, the gradient, the slots and the per-tensor sums (one buffer) and writes the
 * new parameter and every changed slot to fresh buffers. Coefficients go in a uniform buffer, so the pipeline compiles once
 * per rule program. The dispatch joins the backend's own command batch.
 */
export const webgpuUpdate: TensorUpdate = (program, p, g, slots, c, sums) => {
  const backend = tf.backend();
  if (!isWebgpuBackend(backend)) throw new DescentError('backend', tf.getBackend(), 'the webgpu backend (this update runs a WebGPU compute pipeline)');
  const lanes: Lanes = p.size % 4 === 0 ? 4 : 1;
  const compiled = pipelinesOf(backend.device, program, lanes);
  const outputs = programOutputs(program).map(() => backend.makeTensorInfo(p.shape, 'float32'));
  // The per-tensor sums, one buffer of floats on the device (made in the caller's tidy).
  const inputs: TensorInfo[] = sums.length === 0 ? [p, g, ...slots] : [p, g, ...slots, tf.stack([...sums])];
  if (p.size > 0) {
    for (const t of [...outputs, ...inputs]) backend.uploadToGPU(t.dataId);
    const invocations = p.size / lanes;
    const uniforms = backend.makeUniforms([{ type: 'uint32', data: [invocations] }, ...Array.from(c, (v) => ({ type: 'float32' as const, data: [v] }))]);
    const inputBindings = inputs.map((t) => backend.tensorToBinding(t));
    for (const t of [...outputs, ...inputs]) backend.commandQueueOwnedIds.add(t.dataId);
    const [x, y] = dispatchSize(invocations, backend.device.limits.maxComputeWorkgroupsPerDimension);
    for (const { pipeline, layout, outputs: written } of compiled) {
      const resources = [...written.map((k) => backend.tensorToBinding(outputs[k])), ...inputBindings, uniforms];
      const group = backend.device.createBindGroup({ layout, entries: resources.map((resource, binding) => ({ binding, resource })) });
      backend.ensureCommandEncoderReady();
      backend.computePassEncoder ??= backend.commandEncoder.beginComputePass({});
      const pass = backend.computePassEncoder;
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(x, y, 1);
      backend.dispatchCountInPass++;
    }
    // Submitting releases the step's uniform buffer to tfjs's pool, where the next op may
    // rewrite it: so never between the pipelines of one update (a later pipeline would read
    // another op's uniforms), only after the last.
    if (backend.dispatchCountInPass >= tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
  }
  const tensors = outputs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
  return { param: tensors[0], slots: mergeSlots(program, slots, tensors.slice(1)) };
};
