import * as tf from '@tensorflow/tfjs';
import { DescentError, type RuleProgram } from '@descent/core';
import type { TensorUpdate } from '../engine/tensor-update';
import { mergeSlots, programOutputs } from './shader-text';
import { printWgsl, WORKGROUP_SIZE } from './wgsl';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** WebGPU objects the update touches, as far as it uses them (the page's WebGPU types stay out of this package's API). */
interface GpuDevice {
  createShaderModule(descriptor: { code: string }): object;
  createBindGroupLayout(descriptor: { entries: { binding: number; visibility: number; buffer: { type: string } }[] }): object;
  createPipelineLayout(descriptor: { bindGroupLayouts: object[] }): object;
  createComputePipeline(descriptor: { layout: object; compute: { module: object; entryPoint: string } }): object;
  createBindGroup(descriptor: { layout: object; entries: { binding: number; resource: object }[] }): object;
  readonly limits: { readonly maxComputeWorkgroupsPerDimension: number };
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

interface Pipeline {
  readonly pipeline: object;
  readonly layout: object;
  readonly outputs: number;
}

const pipelines = new WeakMap<GpuDevice, Map<string, Pipeline>>();
const byProgram = new WeakMap<RuleProgram, { device: GpuDevice; pipeline: Pipeline }>();

/** The compute pipeline of a program on a device: compiled once per distinct program. */
function pipelineOf(device: GpuDevice, program: RuleProgram): Pipeline {
  const known = byProgram.get(program);
  if (known?.device === device) return known.pipeline;
  let cache = pipelines.get(device);
  if (cache === undefined) {
    cache = new Map();
    pipelines.set(device, cache);
  }
  let pipeline = cache.get(program.key);
  if (pipeline === undefined) {
    const outputs = programOutputs(program).length;
    const inputs = 2 + program.slots.length;
    const entries = [
      ...Array.from({ length: outputs }, () => 'storage'),
      ...Array.from({ length: inputs }, () => 'read-only-storage'),
      'uniform',
    ].map((type, binding) => ({ binding, visibility: COMPUTE_STAGE, buffer: { type } }));
    const layout = device.createBindGroupLayout({ entries });
    const module = device.createShaderModule({ code: printWgsl(program) });
    pipeline = {
      pipeline: device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'main' } }),
      layout,
      outputs,
    };
    cache.set(program.key, pipeline);
  }
  byProgram.set(program, { device, pipeline });
  return pipeline;
}

/** Workgroups along x and y for n elements (y only past the per-dimension limit). */
function dispatchSize(n: number, limit: number): [number, number] {
  const groups = Math.ceil(n / WORKGROUP_SIZE);
  if (groups <= limit) return [groups, 1];
  const x = limit;
  return [x, Math.ceil(groups / x)];
}

/**
 * The update on the webgpu backend: one compute dispatch per variable and step that reads
 * the parameter, the gradient and the slots and writes the new parameter and every changed
 * slot to fresh buffers. Coefficients go in a uniform buffer, so the pipeline compiles once
 * per rule program. The dispatch joins the backend's own command batch.
 */
export const webgpuUpdate: TensorUpdate = (program, p, g, slots, c) => {
  const backend = tf.backend();
  if (!isWebgpuBackend(backend)) throw new DescentError('backend', tf.getBackend(), 'the webgpu backend (this update runs a WebGPU compute pipeline)');
  const { pipeline, layout, outputs: count } = pipelineOf(backend.device, program);
  const outputs = Array.from({ length: count }, () => backend.makeTensorInfo(p.shape, 'float32'));
  const inputs: TensorInfo[] = [p, g, ...slots];
  if (p.size > 0) {
    for (const t of [...outputs, ...inputs]) backend.uploadToGPU(t.dataId);
    const uniforms = backend.makeUniforms([{ type: 'uint32', data: [p.size] }, ...Array.from(c, (v) => ({ type: 'float32' as const, data: [v] }))]);
    const resources = [...outputs, ...inputs].map((t) => backend.tensorToBinding(t));
    const group = backend.device.createBindGroup({ layout, entries: [...resources, uniforms].map((resource, binding) => ({ binding, resource })) });
    for (const t of [...outputs, ...inputs]) backend.commandQueueOwnedIds.add(t.dataId);
    backend.ensureCommandEncoderReady();
    backend.computePassEncoder ??= backend.commandEncoder.beginComputePass({});
    const pass = backend.computePassEncoder;
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    const [x, y] = dispatchSize(p.size, backend.device.limits.maxComputeWorkgroupsPerDimension);
    pass.dispatchWorkgroups(x, y, 1);
    backend.dispatchCountInPass++;
    if (backend.dispatchCountInPass >= tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
  }
  const tensors = outputs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
  return { param: tensors[0], slots: mergeSlots(program, slots, tensors.slice(1)) };
};
