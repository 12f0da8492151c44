/**
 * The few pieces of the WebAssembly binary format the printed kernels need: LEB128
 * integers, sections, a one-function module, and the opcodes of a SIMD loop (core
 * control flow and i32 pointer arithmetic, the 0xFD-prefixed v128 and f32x4 operations).
 * See https://webassembly.github.io/spec/core/binary/ for the format.
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Opcodes of the core instruction set used by the kernels. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  f32Const: 0x43,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Shl: 0x74,
} as const;

/** The block type of a block or loop that leaves nothing on the stack. */
const EMPTY_BLOCK = 0x40;

/** Opcodes after the 0xFD (SIMD) prefix. */
export const Simd = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  i32x4Eq: 0x37,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  f32x4Le: 0x45,
  f32x4Ge: 0x46,
  and: 0x4e,
  andnot: 0x4f,
  or: 0x50,
  bitselect: 0x52,
  anyTrue: 0x53,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
} as const;

/** An unsigned integer as LEB128. */
export function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** A signed 32-bit integer as LEB128. */
export function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** A vector: its length as LEB128, then its items. */
export function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

/** A name (UTF-8, here ASCII), length first. */
export function name(text: string): number[] {
  return [...unsignedLeb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

/** A section: its id, its size, its contents. */
export function section(id: number, contents: readonly number[]): number[] {
  return [id, ...unsignedLeb(contents.length), ...contents];
}

/** 32-bit lanes as little-endian bytes: floats (rounded to float32), or unsigned bit patterns. */
function littleEndian(lanes: readonly number[], bits: boolean): number[] {
  const view = new DataView(new ArrayBuffer(4 * lanes.length));
  lanes.forEach((lane, i) => (bits ? view.setUint32(4 * i, lane, true) : view.setFloat32(4 * i, lane, true)));
  return Array.from(new Uint8Array(view.buffer));
}

/** The body of one function, written instruction by instruction. */
export class Code {
  readonly bytes: number[] = [];

  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  simd(op: number): this {
    return this.op(0xfd, ...unsignedLeb(op));
  }

  get(local: number): this {
    return this.op(Op.localGet, ...unsignedLeb(local));
  }

  set(local: number): this {
    return this.op(Op.localSet, ...unsignedLeb(local));
  }

  tee(local: number): this {
    return this.op(Op.localTee, ...unsignedLeb(local));
  }

  i32(value: number): this {
    return this.op(Op.i32Const, ...signedLeb(value));
  }

  f32(value: number): this {
    return this.op(Op.f32Const, ...littleEndian([value], false));
  }

  /** v128.const of four f32 lanes, or of four i32 lanes given as bit patterns (`bits`). */
  v128(lanes: readonly number[], bits = false): this {
    return this.simd(Simd.const).op(...littleEndian(lanes, bits));
  }

  /** v128.load from the address on the stack (16-byte alignment hint, offset 0). */
  load(): this {
    return this.simd(Simd.load).op(4, 0);
  }

  /** v128.store of the value on the stack to the address below it. */
  store(): this {
    return this.simd(Simd.store).op(4, 0);
  }

  block(): this {
    return this.op(Op.block, EMPTY_BLOCK);
  }

  loop(): this {
    return this.op(Op.loop, EMPTY_BLOCK);
  }

  brIf(depth: number): this {
    return this.op(Op.brIf, ...unsignedLeb(depth));
  }

  end(): this {
    return this.op(Op.end);
  }
}

/** One exported function of a module. */
export interface FunctionSpec {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** The declared locals (after the params), in order. */
  readonly locals: readonly number[];
  readonly body: Code;
}

/** Runs of equal types, as the code section declares locals: [count, type]… */
function localGroups(types: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (const type of types) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[1] === type) last[0]++;
    else groups.push([1, type]);
  }
  return groups.map(([count, type]) => [...unsignedLeb(count), type]);
}

/**
 * A module that imports its memory as `env.memory` and exports `functions`, each of its own
 * type.
 */
export function encodeModule(functions: readonly FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...unsignedLeb(0)];
  const declarations = functions.map((_, i) => unsignedLeb(i));
  const exported = functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]);
  const bodies = functions.map((f) => {
    const body = [...vector(localGroups(f.locals)), ...f.body.bytes, Op.end];
    return [...unsignedLeb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(declarations)),
    ...section(7, vector(exported)),
    ...section(10, vector(bodies)),
  ]);
}
