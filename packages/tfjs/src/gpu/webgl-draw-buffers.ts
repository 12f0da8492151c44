import type * as tf from '@tensorflow/tfjs';
import { DescentError, type RuleProgram } from '@descent/core';
import { printGlslDrawBuffers, webglInputNames } from './glsl';
import { programOutputs } from './shader-text';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** What tfjs's webgl backend keeps for a tensor, as far as one draw reads or writes it. */
interface TextureData {
  readonly texture?: { readonly texture: WebGLTexture } | null;
  readonly texShape?: readonly number[] | null;
  isPacked?: boolean;
  shape: number[];
  readonly slice?: unknown;
}

/** A program linked by tfjs's GPGPUContext (its vertex shader, with the vertex array that draws the quad). */
type LinkedProgram = WebGLProgram & { readonly vao: unknown };

/** tfjs's GPGPUContext, as far as a draw of ours uses it: its GL context, framebuffer, quad and output binding. */
interface Gpgpu {
  readonly gl: WebGL2RenderingContext;
  readonly framebuffer: WebGLFramebuffer;
  createProgram(fragmentShader: WebGLShader): LinkedProgram;
  buildVao(program: LinkedProgram): void;
  setProgram(program: LinkedProgram): void;
  bindVertexArray(vao: unknown): void;
  setOutputPackedMatrixTexture(texture: WebGLTexture, rows: number, columns: number): void;
  executeProgram(): void;
}

/** The part of tfjs's webgl backend (MathBackendWebGL) a draw into several textures uses. */
export interface DrawBuffersBackend {
  getGPGPUContext(): Gpgpu;
  getDataInfo(dataId: object): TextureData;
  makeTensorInfo(shape: number[], dtype: 'float32'): TensorInfo;
  uploadToGPU(dataId: object): void;
}

/** True when `backend` has what a draw into several textures needs (tfjs's webgl backend on WebGL2). */
export function hasDrawBuffers(backend: unknown): backend is DrawBuffersBackend {
  const b = backend as Partial<DrawBuffersBackend> | null;
  if (typeof b?.getGPGPUContext !== 'function' || typeof b.getDataInfo !== 'function' || typeof b.makeTensorInfo !== 'function') return false;
  const gpgpu = b.getGPGPUContext() as Partial<Gpgpu> | null;
  return typeof gpgpu?.buildVao === 'function' && typeof WebGL2RenderingContext !== 'undefined' && gpgpu.gl instanceof WebGL2RenderingContext;
}

/** A linked program (its samplers bound to units 0, 1, …) with the locations of its coefficients. */
interface Compiled {
  readonly program: LinkedProgram;
  readonly coefficients: (WebGLUniformLocation | null)[];
}

const compiled = new WeakMap<Gpgpu, Map<string, Compiled>>();
const drawBufferLimits = new WeakMap<WebGL2RenderingContext, number>();

/** How many textures one draw writes on this context (asked once: a GL query per step would cost a round trip). */
function maxDrawBuffers(gl: WebGL2RenderingContext): number {
  let limit = drawBufferLimits.get(gl);
  if (limit === undefined) {
    limit = Number(gl.getParameter(gl.MAX_DRAW_BUFFERS));
    drawBufferLimits.set(gl, limit);
  }
  return limit;
}

/** The program of `source` on this context, compiled and linked once. */
function compile(gpgpu: Gpgpu, source: string, inputs: readonly string[], coefficients: number): Compiled {
  let cache = compiled.get(gpgpu);
  if (cache === undefined) {
    cache = new Map();
    compiled.set(gpgpu, cache);
  }
  let known = cache.get(source);
  if (known === undefined) {
    const { gl } = gpgpu;
    const shader = gl.createShader(gl.FRAGMENT_SHADER);
    if (shader === null) throw new DescentError('webgl fragment shader', null, 'a shader the WebGL context creates (is the context lost?)');
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (gl.getShaderParameter(shader, gl.COMPILE_STATUS) !== true) throw new DescentError('webgl fragment shader', gl.getShaderInfoLog(shader), `a shader that compiles:\n${source}`);
    const program = gpgpu.createProgram(shader);
    gpgpu.buildVao(program);
    // Input k reads texture unit k, set once with the program.
    gpgpu.setProgram(program);
    inputs.forEach((name, unit) => gl.uniform1i(gl.getUniformLocation(program, name), unit));
    known = { program, coefficients: Array.from({ length: coefficients }, (_, k) => gl.getUniformLocation(program, `c${k}`)) };
    cache.set(source, known);
  }
  return known;
}

const printed = new WeakMap<RuleProgram, string>();

/** The program's fragment shader writing every output, printed once per program object. */
function sourceOf(program: RuleProgram): string {
  let source = printed.get(program);
  if (source === undefined) {
    source = printGlslDrawBuffers(program);
    printed.set(program, source);
  }
  return source;
}

/** The texture of a tensor on the GPU. */
function textureOf(data: TextureData): WebGLTexture {
  const texture = data.texture?.texture;
  if (texture == null) throw new DescentError('texture', null, 'a tensor on the GPU (uploadToGPU gives every output a texture)');
  return texture;
}

/** True when every input's texture has the layout of the first: packed, the same logical and texture shape, no slice. */
function sameLayout(data: readonly TextureData[], shape: readonly number[]): boolean {
  const first = data[0].texShape;
  return data.every(
    (d) =>
      d.texture != null &&
      d.isPacked === true &&
      d.slice == null &&
      d.texShape != null &&
      first != null &&
      d.texShape[0] === first[0] &&
      d.texShape[1] === first[1] &&
      d.shape.length === shape.length &&
      d.shape.every((n, i) => n === shape[i]),
  );
}

/**
 * Every output of the update in one draw (WebGL2 draw buffers on the backend's own context
 * and framebuffer): each input read once per texel, shared subexpressions computed once.
 * Needs the inputs as packed textures of one layout (what GPU programs write, gradients
 * from backprop included; values still on the CPU are uploaded so) and no more outputs
 * than the context draws at once; returns null otherwise, and the caller runs one tfjs program per output. The outputs are new
 * packed textures of that layout, owned by the backend like any program's output.
 */
export function drawAllOutputs(backend: DrawBuffersBackend, program: RuleProgram, inputs: readonly TensorInfo[], c: Float64Array): TensorInfo[] | null {
  const gpgpu = backend.getGPGPUContext();
  const { gl } = gpgpu;
  const outputCount = programOutputs(program).length;
  if (outputCount > maxDrawBuffers(gl)) return null;
  const shape = inputs[0].shape;
  const data = inputs.map((t) => backend.getDataInfo(t.dataId));
  // Values still on the CPU go up packed, as tfjs uploads the inputs of a packed program.
  inputs.forEach((t, k) => {
    if (data[k].texture != null) return;
    data[k].isPacked = true;
    data[k].shape = [...t.shape];
    backend.uploadToGPU(t.dataId);
  });
  if (!sameLayout(data, shape)) return null;
  const texShape = data[0].texShape as readonly number[];
  const names = webglInputNames(program);
  const { program: linked, coefficients } = compile(gpgpu, sourceOf(program), names, c.length);
  const outputs = Array.from({ length: outputCount }, () => {
    const info = backend.makeTensorInfo([...shape], 'float32');
    backend.getDataInfo(info.dataId).isPacked = true;
    backend.uploadToGPU(info.dataId);
    return info;
  });
  const textures = outputs.map((info) => textureOf(backend.getDataInfo(info.dataId)));
  // Output 0 as tfjs binds an output (framebuffer, viewport, scissor), the others beside it.
  gpgpu.setOutputPackedMatrixTexture(textures[0], texShape[0], texShape[1]);
  textures.forEach((texture, k) => {
    if (k > 0) gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + k, gl.TEXTURE_2D, texture, 0);
  });
  const several = textures.length > 1;
  if (several) gl.drawBuffers(textures.map((_, k) => gl.COLOR_ATTACHMENT0 + k));
  gpgpu.setProgram(linked);
  gpgpu.bindVertexArray(linked.vao);
  data.forEach((d, unit) => {
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, textureOf(d));
  });
  c.forEach((value, k) => gl.uniform1f(coefficients[k], value));
  gpgpu.executeProgram();
  // Leave the framebuffer as tfjs expects it: only attachment 0, drawn to.
  textures.forEach((_, k) => {
    if (k > 0) gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + k, gl.TEXTURE_2D, null, 0);
  });
  if (several) gl.drawBuffers([gl.COLOR_ATTACHMENT0]);
  return outputs;
}
