import { DescentError } from '../errors';

/**
 * Group patterns are matched by a Thompson automaton (as RE2 does), never by the
 * backtracking `RegExp` engine: a test costs at most (name length + 1) × (program size)
 * steps whatever the pattern, so a pattern from an untrusted model file cannot hang a
 * page (`^(a+)+$` costs what `^a+$` costs). The syntax is JavaScript's without flags,
 * minus what needs backtracking: backreferences, lookahead/lookbehind and `\b`/`\B` are
 * refused with a DescentError, as is a pattern whose counted repeats expand past
 * MAX_PATTERN_PROGRAM instructions.
 */
export const MAX_PATTERN_PROGRAM = 10_000;

/** A test on one UTF-16 code unit. */
type CodeTest = (code: number) => boolean;

type Instruction =
  | { op: 'char'; test: CodeTest }
  | { op: 'split'; to: number[] }
  | { op: 'jump'; to: number }
  | { op: 'begin' }
  | { op: 'end' }
  | { op: 'match' };

type Node =
  | { kind: 'char'; test: CodeTest }
  | { kind: 'begin' }
  | { kind: 'end' }
  | { kind: 'sequence'; items: Node[] }
  | { kind: 'either'; options: Node[] }
  | { kind: 'repeat'; item: Node; min: number; max: number };

const range = (low: number, high: number): CodeTest => (c) => c >= low && c <= high;
const isDigit = range(48, 57);
const isWord: CodeTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CodeTest = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineEnd: CodeTest = (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not = (test: CodeTest): CodeTest => (c) => !test(c);
const CLASS_ESCAPES: Record<string, CodeTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };

/** Reads a pattern's source into a tree; `where` names it in errors. */
class Parser {
  private at = 0;

  constructor(private readonly source: string, private readonly where: string) {}

  parse(): Node {
    const node = this.either();
    if (this.at < this.source.length) this.refuse(`an unbalanced ")" at ${this.at}`);
    return node;
  }

  private refuse(what: string): never {
    throw new DescentError(this.where, this.source, `a regular expression without backreferences, lookaround or \\b (matched in linear time): ${what} is not supported`);
  }

  private either(): Node {
    const options = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'either', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'sequence', items };
  }

  private quantified(item: Node): Node {
    const rest = this.source.slice(this.at);
    const counted = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    let min: number;
    let max: number;
    if (rest[0] === '*' || rest[0] === '+' || rest[0] === '?') {
      [min, max] = rest[0] === '*' ? [0, Infinity] : rest[0] === '+' ? [1, Infinity] : [0, 1];
      this.at++;
    } else if (counted !== null) {
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] === '' ? Infinity : Number(counted[3]);
      this.at += counted[0].length;
    } else {
      return item;
    }
    if (this.source[this.at] === '?') this.at++; // lazy: the same set of matches
    return this.quantified({ kind: 'repeat', item, min, max });
  }

  private atom(): Node {
    const c = this.source[this.at++];
    if (c === '^') return { kind: 'begin' };
    if (c === '$') return { kind: 'end' };
    if (c === '.') return { kind: 'char', test: not(isLineEnd) };
    if (c === '[') return { kind: 'char', test: this.characterClass() };
    if (c === '\\') return { kind: 'char', test: asTest(this.escape(false)) };
    if (c === '(') {
      const rest = this.source.slice(this.at);
      if (/^\?(=|!|<=|<!)/.test(rest)) this.refuse('lookaround');
      const prefix = /^\?(:|<[A-Za-z_$][\w$]*>)/.exec(rest);
      if (prefix !== null) this.at += prefix[0].length;
      const inner = this.either();
      if (this.source[this.at] !== ')') this.refuse('an unclosed "("');
      this.at++;
      return inner;
    }
    return { kind: 'char', test: equals(c.charCodeAt(0)) };
  }

  /** The escape after a backslash: a class test (`\\d`) or one code unit; inside a class `\\b` is a backspace. */
  private escape(inClass: boolean): number | CodeTest {
    const c = this.source[this.at++];
    if (c === undefined) this.refuse('a trailing backslash');
    if (c in CLASS_ESCAPES) return CLASS_ESCAPES[c];
    if (c in CONTROL_ESCAPES && !(c === '0' && /\d/.test(this.source[this.at] ?? ''))) return CONTROL_ESCAPES[c];
    if (c === 'b' && inClass) return 8;
    if (c === 'b' || c === 'B') this.refuse(`\\${c}`);
    if (/\d/.test(c) || c === 'k') this.refuse('a backreference');
    const hex = c === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.source.slice(this.at)) : c === 'u' ? /^[0-9a-fA-F]{4}/.exec(this.source.slice(this.at)) : null;
    if (hex !== null) {
      this.at += hex[0].length;
      return parseInt(hex[0], 16);
    }
    if (c === 'c' && /^[A-Za-z]/.test(this.source[this.at] ?? '')) return this.source.charCodeAt(this.at++) % 32;
    return c.charCodeAt(0);
  }

  /** A `[…]` class, after its "[". */
  private characterClass(): CodeTest {
    const negated = this.source[this.at] === '^';
    if (negated) this.at++;
    const tests: CodeTest[] = [];
    while (this.source[this.at] !== ']') {
      if (this.at >= this.source.length) this.refuse('an unclosed "["');
      const low = this.classMember();
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']' && this.at + 1 < this.source.length && typeof low === 'number') {
        this.at++;
        const high = this.classMember();
        tests.push(typeof high === 'number' ? range(low, high) : anyOf([equals(low), equals(45), high]));
      } else {
        tests.push(typeof low === 'number' ? equals(low) : low);
      }
    }
    this.at++;
    const test = anyOf(tests);
    return negated ? not(test) : test;
  }

  /** One member of a class: a code unit (which may start a range) or a class escape. */
  private classMember(): number | CodeTest {
    const c = this.source[this.at++];
    return c === '\\' ? this.escape(true) : c.charCodeAt(0);
  }
}

const equals = (code: number): CodeTest => (c) => c === code;
const asTest = (member: number | CodeTest): CodeTest => (typeof member === 'number' ? equals(member) : member);
const anyOf = (tests: readonly CodeTest[]): CodeTest => (c) => tests.some((test) => test(c));

/** Prints the tree as instructions of a Thompson automaton. */
class Compiler {
  readonly program: Instruction[] = [];

  constructor(private readonly source: string, private readonly where: string) {}

  emit(node: Node): void {
    if (this.program.length > MAX_PATTERN_PROGRAM) {
      throw new DescentError(this.where, this.source, `a regular expression whose counted repeats expand to at most ${MAX_PATTERN_PROGRAM} instructions`);
    }
    const program = this.program;
    switch (node.kind) {
      case 'char':
        program.push({ op: 'char', test: node.test });
        return;
      case 'begin':
      case 'end':
        program.push({ op: node.kind });
        return;
      case 'sequence':
        for (const item of node.items) this.emit(item);
        return;
      case 'either': {
        const split: Instruction = { op: 'split', to: [] };
        program.push(split);
        const jumps: { op: 'jump'; to: number }[] = [];
        for (const option of node.options) {
          split.to.push(program.length);
          this.emit(option);
          const jump = { op: 'jump' as const, to: -1 };
          jumps.push(jump);
          program.push(jump);
        }
        for (const jump of jumps) jump.to = program.length;
        return;
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) this.emit(node.item);
        if (node.max === Infinity) {
          const loop: Instruction = { op: 'split', to: [program.length + 1] };
          const start = program.length;
          program.push(loop);
          this.emit(node.item);
          program.push({ op: 'jump', to: start });
          loop.to.push(program.length);
          return;
        }
        const skips: { op: 'split'; to: number[] }[] = [];
        for (let i = node.min; i < node.max; i++) {
          const skip = { op: 'split' as const, to: [program.length + 1] };
          skips.push(skip);
          program.push(skip);
          this.emit(node.item);
        }
        for (const skip of skips) skip.to.push(program.length);
      }
    }
  }
}

/**
 * Compiles a group pattern (JavaScript regular-expression syntax, no flags) into a test
 * that runs in time linear in the name's length; throws DescentError naming `where` for
 * syntax the linear matcher refuses (see MAX_PATTERN_PROGRAM).
 */
export function compilePattern(source: string, where: string): (name: string) => boolean {
  try {
    new RegExp(source);
  } catch (error) {
    throw new DescentError(where, source, `a valid regular expression (${(error as Error).message})`);
  }
  const compiler = new Compiler(source, where);
  compiler.emit(new Parser(source, where).parse());
  compiler.program.push({ op: 'match' });
  const program = compiler.program;
  return (name) => search(program, name);
}

/** Whether the automaton matches anywhere in `text`: every thread advanced in lockstep, one code unit at a time. */
function search(program: readonly Instruction[], text: string): boolean {
  const seen = new Int32Array(program.length).fill(-1);
  const stack: number[] = [];
  let current: number[] = [];
  let next: number[] = [];
  const add = (pc: number, at: number, list: number[]): boolean => {
    stack.push(pc);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (seen[i] === at) continue;
      seen[i] = at;
      const instruction = program[i];
      switch (instruction.op) {
        case 'match':
          stack.length = 0;
          return true;
        case 'jump':
          stack.push(instruction.to);
          break;
        case 'split':
          for (let k = instruction.to.length - 1; k >= 0; k--) stack.push(instruction.to[k]);
          break;
        case 'begin':
          if (at === 0) stack.push(i + 1);
          break;
        case 'end':
          if (at === text.length) stack.push(i + 1);
          break;
        case 'char':
          list.push(i);
      }
    }
    return false;
  };
  for (let at = 0; ; at++) {
    if (add(0, at, current)) return true;
    if (at === text.length) return false;
    const code = text.charCodeAt(at);
    next.length = 0;
    for (const i of current) {
      const instruction = program[i];
      if (instruction.op === 'char' && instruction.test(code) && add(i + 1, at + 1, next)) return true;
    }
    [current, next] = [next, current];
  }
}
