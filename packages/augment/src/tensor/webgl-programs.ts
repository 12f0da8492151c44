import * as tf from '@tensorflow/tfjs';
import { GRAYSCALE_WEIGHTS, type AxisMap, type Geometry } from '@descent/core';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** A float uniform of a program (an array of `arrayIndex` floats when given). */
type Uniform = { name: string; type: 'float'; arrayIndex?: number };

/** The part of tfjs's webgl backend the sampling uses: running a program written as tfjs `userCode`. */
interface WebglBackend {
  compileAndRun(
    program: { variableNames: string[]; outputShape: number[]; userCode: string; packedInputs: boolean; packedOutput: boolean; customUniforms?: Uniform[] },
    inputs: TensorInfo[],
    outputDtype: 'float32',
    customUniformValues?: number[][],
  ): TensorInfo;
}

/** True when `backend` runs webgl programs (tfjs's webgl backend). */
function isWebglBackend(backend: unknown): backend is WebglBackend {
  return typeof (backend as Partial<WebglBackend> | null)?.compileAndRun === 'function';
}

/** True when the active backend runs this file's programs (tfjs's webgl backend). */
export function hasWebglPrograms(): boolean {
  return isWebglBackend(tf.backend());
}

/**
 * How a program reads and writes: unpacked textures (one value per texel) or packed ones
 * (a 2×2 block of the last two dimensions per texel, four values per fragment).
 */
type Packing = { readonly packedInputs: boolean; readonly packedOutput: boolean };
const UNPACKED: Packing = { packedInputs: false, packedOutput: false };

/** Runs a program on the active backend when it is webgl (null elsewhere), with its float uniforms and their values. */
function runOnWebgl(
  variableNames: string[],
  outputShape: number[],
  code: string,
  inputs: tf.Tensor[],
  uniforms: { uniform: Uniform; values: number[] }[] = [],
  packing: Packing = UNPACKED,
): tf.Tensor4D | null {
  const backend = tf.backend();
  if (!isWebglBackend(backend)) return null;
  const program = { variableNames, outputShape, userCode: code, ...packing, customUniforms: uniforms.map((u) => u.uniform) };
  const info = backend.compileAndRun(program, inputs, 'float32', uniforms.map((u) => u.values));
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D;
}

/** One axis's taps of every image as a float table [n, length, 4]: i0, i1, w0, w1 (indices exact in float32 up to 2^24). */
function tapTable(maps: readonly AxisMap[]): tf.Tensor3D {
  const length = maps[0].length;
  const table = new Float32Array(maps.length * length * 4);
  maps.forEach((m, k) => {
    for (let o = 0; o < length; o++) {
      const at = (k * length + o) * 4;
      table[at] = m.i0[o];
      table[at + 1] = m.i1[o];
      table[at + 2] = m.w0[o];
      table[at + 3] = m.w1[o];
    }
  });
  return tf.tensor3d(table, [maps.length, length, 4]);
}

/**
 * The fragment program, writing packed texels: each fragment the 2×2 block of output
 * columns w, w + 1 and channels ch, ch + 1 of one row (the padding lanes past the last
 * column or channel zero, as tfjs keeps them), its row taps read once. Each value as
 * resampleAxis computes it with tf ops: columns first, then rows — a column pass value
 * x[r, c0]·wc0 (+ x[r, c1]·wc1 when the columns blend) at each row r a row tap reads, then
 * those values times the row weights (summed when the rows blend).
 */
function userCode(rowsLinear: boolean, colsLinear: boolean, columns: number, channels: number): string {
  const across = (row: string) => `(getX(b, ${row}, int(c.x), ch) * c.z${colsLinear ? ` + getX(b, ${row}, int(c.y), ch) * c.w` : ''})`;
  const taps = (table: string, at: string) => `vec4(get${table}(b, ${at}, 0), get${table}(b, ${at}, 1), get${table}(b, ${at}, 2), get${table}(b, ${at}, 3))`;
  return `
    float value(int b, int ch, vec4 r, vec4 c) {
      return ${across('int(r.x)')} * r.z${rowsLinear ? ` + ${across('int(r.y)')} * r.w` : ''};
    }
    void main() {
      ivec4 o = getOutputCoords();
      int b = o[0];
      bool nextColumn = o[2] + 1 < ${columns};
      bool nextChannel = o[3] + 1 < ${channels};
      vec4 r = ${taps('Rows', 'o[1]')};
      vec4 c0 = ${taps('Cols', 'o[2]')};
      vec4 c1 = nextColumn ? ${taps('Cols', 'o[2] + 1')} : c0;
      setOutput(vec4(
        value(b, o[3], r, c0),
        nextChannel ? value(b, o[3] + 1, r, c0) : 0.0,
        nextColumn ? value(b, o[3], r, c1) : 0.0,
        nextColumn && nextChannel ? value(b, o[3] + 1, r, c1) : 0.0));
    }`;
}

/**
 * Per-image geometries without fill (fill 0: taps outside weigh 0) as one webgl program
 * on the batch, writing packed texels, when the active backend is webgl; null elsewhere.
 * Each output value reads its two or four taps directly, instead of the tf-ops path's
 * gathers, products, sums and transposes over full-size intermediates. The same products
 * and sums in the same order (within float rounding: a GPU may fuse a product and a sum).
 */
export function sampleOnWebgl(x: tf.Tensor4D, gs: readonly Geometry[]): tf.Tensor4D | null {
  if (!isWebglBackend(tf.backend())) return null;
  const { rows, cols } = gs[0];
  const outputShape = [x.shape[0], rows.length, cols.length, x.shape[3]];
  const tables = [tapTable(gs.map((g) => g.rows)), tapTable(gs.map((g) => g.cols))];
  const code = userCode(rows.linear, cols.linear, cols.length, x.shape[3]);
  return runOnWebgl(['X', 'Rows', 'Cols'], outputShape, code, [x, ...tables], [], { packedInputs: false, packedOutput: true });
}

/**
 * One brightness/contrast pass of every image of a batch: clip(x·scale + shift, 0, 1) with a
 * scale (`scales`, rounded to float32) and a shift ([n, 1, 1, 1]; null: none, x·scale) per
 * image. tf.clipByValue's NaN rule: NaN stays NaN.
 */
export interface TonePass {
  readonly scales: readonly number[];
  readonly shift: tf.Tensor | null;
}

/** Batches up to this many images take their scales as a uniform array (no texture read per value); larger ones as a texture, within every GPU's uniform limit. */
const UNIFORM_SCALES = 64;

/**
 * What a packed program applying `passes` reads: pass j's scales (a uniform array
 * `scale<j>`, or a packed texture `Scale<j>` of [n, 1, 1, 1] past UNIFORM_SCALES images) and
 * shifts (a packed texture `Shift<j>` of [n, 1, 1, 1]); the GLSL that reads image `b`'s values
 * once (`k<j>`, `h<j>`) and the GLSL that applies the passes in order to `v` (a vec4,
 * lane by lane).
 */
function passProgram(passes: readonly TonePass[]) {
  const names: string[] = [];
  const tensors: tf.Tensor[] = [];
  const uniforms: { uniform: Uniform; values: number[] }[] = [];
  const read: string[] = [];
  const apply: string[] = [];
  passes.forEach(({ scales, shift }, j) => {
    const values = Array.from(Float32Array.from(scales));
    if (values.length <= UNIFORM_SCALES) {
      uniforms.push({ uniform: { name: `scale${j}`, type: 'float', arrayIndex: values.length }, values });
      read.push(`float k${j} = scale${j}[b];`);
    } else {
      names.push(`Scale${j}`);
      tensors.push(tf.tensor4d(values, [values.length, 1, 1, 1]));
      read.push(`float k${j} = getScale${j}(b, 0, 0, 0).x;`);
    }
    if (shift !== null) {
      names.push(`Shift${j}`);
      tensors.push(tf.reshape(shift, [values.length, 1, 1, 1]));
      read.push(`float h${j} = getShift${j}(b, 0, 0, 0).x;`);
    }
    apply.push(`v = v * k${j}${shift === null ? '' : ` + h${j}`}; v = mix(clamp(v, 0.0, 1.0), v, isnan(v));`);
  });
  return { names, tensors, uniforms, read: read.join(' '), apply: apply.join(' ') };
}

/** Packed in and out: the brightness/contrast passes read and write four values per fragment. */
const PACKED: Packing = { packedInputs: true, packedOutput: true };

/**
 * The passes applied in order (each image's run of brightness/contrast adjustments, as
 * colorJitter draws them) as one packed webgl program when the active backend is webgl;
 * null elsewhere. Each value goes through the products, sums and clips one program per
 * pass would give it, without the batch being written between passes; the padding lanes of
 * the texels stay zero.
 */
export function scaleShiftClipOnWebgl(x: tf.Tensor4D, passes: readonly TonePass[]): tf.Tensor4D | null {
  if (!isWebglBackend(tf.backend())) return null;
  const p = passProgram(passes);
  const [, , width, channels] = x.shape;
  const code = `
    void main() {
      ivec4 o = getOutputCoords();
      int b = o[0];
      ${p.read}
      vec4 v = getXAtOutCoords();
      ${p.apply}
      if (o[3] + 1 >= ${channels}) { v.y = 0.0; v.w = 0.0; }
      if (o[2] + 1 >= ${width}) { v.z = 0.0; v.w = 0.0; }
      setOutput(v);
    }`;
  return runOnWebgl(['X', ...p.names], [...x.shape], code, [x, ...p.tensors], p.uniforms, PACKED);
}

/** A float32 value as a GLSL literal. */
const glslFloat = (value: number): string => {
  const text = String(Math.fround(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
};

/**
 * The mean grey of each image of an RGB batch, [n, 1, 1, 1] (x·weights summed over the
 * channels, GRAYSCALE_WEIGHTS, averaged over the pixels), of the batch after `passes` (see
 * scaleShiftClipOnWebgl; none: of x itself), when the active backend is webgl; null
 * elsewhere or for other channel counts. One program sums each image row's grey, reading x
 * packed (two texels give two pixels' channels), so no grey image is written; tf ops then
 * average the row sums. Equal to tf.mean of the grey image within float32 rounding (the sums
 * run in another order).
 */
export function meanGreyOnWebgl(x: tf.Tensor4D, passes: readonly TonePass[] = []): tf.Tensor | null {
  const [n, height, width, channels] = x.shape;
  if (channels !== 3 || !isWebglBackend(tf.backend())) return null;
  const [r, g, bl] = GRAYSCALE_WEIGHTS.map(glslFloat);
  const p = passProgram(passes);
  const grey = `${p.apply} sum += v.x * ${r} + v.y * ${g} + v.z * ${bl};`;
  const code = `
    void main() {
      ivec2 o = getOutputCoords();
      int b = o[0];
      ${p.read}
      float sum = 0.0;
      vec4 v;
      for (int w = 0; w < ${width}; w += 2) {
        vec4 rg = getX(b, o[1], w, 0);
        vec4 bx = getX(b, o[1], w, 2);
        v = vec4(rg.xy, bx.x, 0.0);
        ${grey}
        if (w + 1 < ${width}) {
          v = vec4(rg.zw, bx.z, 0.0);
          ${grey}
        }
      }
      setOutput(sum);
    }`;
  const rows = runOnWebgl(['X', ...p.names], [n, height], code, [x, ...p.tensors], p.uniforms, { packedInputs: true, packedOutput: false });
  return rows === null ? null : tf.reshape(tf.div(tf.sum(rows, 1), height * width), [n, 1, 1, 1]);
}
