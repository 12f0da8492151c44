import * as tf from '@tensorflow/tfjs';
import { GRAYSCALE_WEIGHTS, type AxisMap, type Geometry } from '@descent/core';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** The part of tfjs's webgl backend the sampling uses: running a program written as tfjs `userCode`. */
interface WebglBackend {
  compileAndRun(
    program: { variableNames: string[]; outputShape: number[]; userCode: string; packedInputs: boolean; packedOutput: boolean },
    inputs: TensorInfo[],
    outputDtype: 'float32',
  ): TensorInfo;
}

/** True when `backend` runs webgl programs (tfjs's webgl backend). */
function isWebglBackend(backend: unknown): backend is WebglBackend {
  return typeof (backend as Partial<WebglBackend> | null)?.compileAndRun === 'function';
}

/** Runs an unpacked program on the active backend when it is webgl (null elsewhere). */
function runOnWebgl(variableNames: string[], outputShape: number[], code: string, inputs: tf.Tensor[]): tf.Tensor4D | null {
  const backend = tf.backend();
  if (!isWebglBackend(backend)) return null;
  const info = backend.compileAndRun({ variableNames, outputShape, userCode: code, packedInputs: false, packedOutput: false }, inputs, 'float32');
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
 * The fragment program: columns first, then rows, as resampleAxis does with tf ops —
 * a column pass value x[r, c0]·wc0 (+ x[r, c1]·wc1 when the columns blend) at each row r
 * a row tap reads, then those values times the row weights (summed when the rows blend).
 */
function userCode(rowsLinear: boolean, colsLinear: boolean): string {
  const across = (row: string) => `(getX(b, ${row}, int(c.x), ch) * c.z${colsLinear ? ` + getX(b, ${row}, int(c.y), ch) * c.w` : ''})`;
  return `
    void main() {
      ivec4 o = getOutputCoords();
      int b = o[0];
      int ch = o[3];
      vec4 r = vec4(getRows(b, o[1], 0), getRows(b, o[1], 1), getRows(b, o[1], 2), getRows(b, o[1], 3));
      vec4 c = vec4(getCols(b, o[2], 0), getCols(b, o[2], 1), getCols(b, o[2], 2), getCols(b, o[2], 3));
      setOutput(${across('int(r.x)')} * r.z${rowsLinear ? ` + ${across('int(r.y)')} * r.w` : ''});
    }`;
}

/**
 * Per-image geometries without fill (fill 0: taps outside weigh 0) as one webgl program
 * on the batch, when the active backend is webgl; null elsewhere. Each output value reads
 * its two or four taps directly, instead of the tf-ops path's gathers, products, sums and
 * transposes over full-size intermediates. The same products and sums in the same order
 * (within float rounding: a GPU may fuse a product and a sum).
 */
export function sampleOnWebgl(x: tf.Tensor4D, gs: readonly Geometry[]): tf.Tensor4D | null {
  if (!isWebglBackend(tf.backend())) return null;
  const { rows, cols } = gs[0];
  const outputShape = [x.shape[0], rows.length, cols.length, x.shape[3]];
  const tables = [tapTable(gs.map((g) => g.rows)), tapTable(gs.map((g) => g.cols))];
  return runOnWebgl(['X', 'Rows', 'Cols'], outputShape, userCode(rows.linear, cols.linear), [x, ...tables]);
}

/**
 * clip(x·scale + shift, 0, 1) with a scale (`scales`, rounded to float32) and a shift
 * ([n, 1, 1, 1]; null: none, x·scale) per image, as one webgl program when the active
 * backend is webgl; null elsewhere. tf.clipByValue's NaN rule: NaN stays NaN.
 */
export function scaleShiftClipOnWebgl(x: tf.Tensor4D, scales: readonly number[], shift: tf.Tensor | null): tf.Tensor4D | null {
  if (!isWebglBackend(tf.backend())) return null;
  const code = `
    void main() {
      int b = getOutputCoords()[0];
      float v = getXAtOutCoords() * getScale(b)${shift === null ? '' : ' + getShift(b)'};
      setOutput(isnan(v) ? v : clamp(v, 0.0, 1.0));
    }`;
  const perImage = [tf.tensor1d(Float32Array.from(scales)), ...(shift === null ? [] : [tf.reshape(shift, [scales.length])])];
  return runOnWebgl(['X', 'Scale', ...(shift === null ? [] : ['Shift'])], [...x.shape], code, [x, ...perImage]);
}

/** A float32 value as a GLSL literal. */
const glslFloat = (value: number): string => {
  const text = String(Math.fround(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
};

/**
 * The grey of each pixel of an RGB batch, [n, h, w, 1] (x·weights summed over the channels,
 * GRAYSCALE_WEIGHTS), as one webgl program when the active backend is webgl; null
 * elsewhere or for other channel counts. tf ops take a product, a sum and the packing
 * between them for it.
 */
export function greyOnWebgl(x: tf.Tensor4D): tf.Tensor4D | null {
  if (x.shape[3] !== 3 || !isWebglBackend(tf.backend())) return null;
  const [r, g, b] = GRAYSCALE_WEIGHTS.map(glslFloat);
  const code = `
    void main() {
      ivec4 o = getOutputCoords();
      setOutput(getX(o[0], o[1], o[2], 0) * ${r} + getX(o[0], o[1], o[2], 1) * ${g} + getX(o[0], o[1], o[2], 2) * ${b});
    }`;
  return runOnWebgl(['X'], [x.shape[0], x.shape[1], x.shape[2], 1], code, [x]);
}
