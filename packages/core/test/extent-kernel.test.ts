import { buildProgram, resolveRule, ruleTypes, type RuleProgram } from '../src';
import { evaluateByExtent, storeByExtent, type ExtentValue } from '../src/kernels/extent-evaluator';
import { isOnePass } from '../src/kernels/js-kernel';
import { extentKernel, printExtentKernel, type ExtentProgram } from '../src/kernels/extent-kernel';
import { extentLayout, extentSize } from '../src/rules/extent';
import { Random } from '../src/random';

/** The programs of every rule, at ranks 1 to 3, that the host evaluates by extent: a reduction that is more than one pass of per-tensor sums. */
const byExtent = ruleTypes.flatMap((type) =>
  [1, 2, 3].flatMap((rank) => {
    const { definition, hyperparameters } = resolveRule({ type });
    const program = buildProgram(definition, hyperparameters, rank);
    return program.reduction !== null && !isOnePass(program.reduction) ? [{ type, rank, program }] : [];
  }),
);

const SHAPES: Record<number, number[][]> = { 1: [[7], [1], [0]], 2: [[3, 5], [1, 6], [6, 1], [4, 4]], 3: [[2, 3, 4], [3, 1, 2]] };

function inputsFor(program: RuleProgram, shape: number[], random: Random) {
  const layout = extentLayout(shape);
  const values = (n: number, positive = false) => Float64Array.from({ length: n }, () => (positive ? random.uniform(0.05, 1) : random.nextNormal()));
  const slots = program.slotExtents.map((extent) => values(extentSize(extent, layout), true));
  const coefficients = values(program.coefficients.length, true);
  const globals = Array.from(values(program.globals.length, true));
  return { layout, inputs: { p: values(layout.element), g: values(layout.element), slots, coefficients, sums: [] as ExtentValue[], globals } };
}

const asArray = (value: ExtentValue | undefined) => (value === undefined ? [] : typeof value === 'number' ? [value] : Array.from(value));

test("the programs evaluated by extent include adafactor's (factored) and muon's (orthogonalized)", () => {
  expect(byExtent.map((c) => c.type)).toEqual(expect.arrayContaining(['adafactor', 'muon']));
});

describe.each(byExtent)('$type at rank $rank', ({ program, rank }) => {
  const reduction = program.reduction!;
  const outputs = [program.param, ...program.slotOutputs.filter((at): at is number => at !== null)];
  const kernels = {
    reduction: extentKernel({ instructions: reduction.instructions, extents: reduction.extents, outputs: [], key: `${program.key}|test-reduction` }),
    update: extentKernel({ instructions: program.instructions, extents: program.extents, outputs, key: `${program.key}|test-update` }),
  };

  test.each(SHAPES[rank].map((shape) => [shape]))('shape %j: every value and every write equal evaluateByExtent to the bit', (shape) => {
    const random = new Random(shape.length * 31 + shape.reduce((a, b) => a + b, 0));
    const { layout, inputs } = inputsFor(program, shape, random);
    const expected = evaluateByExtent(reduction.instructions, reduction.extents, inputs, layout);
    const got = kernels.reduction(inputs, layout, []);
    reduction.instructions.forEach((_, k) => {
      if (reduction.extents[k] !== 'element' || reduction.instructions[k].op === 'orthogonalize') expect(asArray(got[k])).toEqual(asArray(expected[k]));
    });
    const sums = reduction.sums.map((at) => expected[at]);
    const update = evaluateByExtent(program.instructions, program.extents, { ...inputs, sums }, layout);
    const targets = outputs.map(() => new Float64Array(layout.element).fill(NaN));
    kernels.update({ ...inputs, sums }, layout, targets);
    outputs.forEach((at, j) => {
      const expectedWrite = new Float64Array(layout.element);
      storeByExtent(expectedWrite, 'element', update[at], program.extents[at], layout);
      expect(Array.from(targets[j])).toEqual(Array.from(expectedWrite));
    });
  });
});

test("adafactor's reduction is two loops over the elements: the squared sums, then the update's RMS that reads them", () => {
  const { definition, hyperparameters } = resolveRule({ type: 'adafactor' });
  const reduction = buildProgram(definition, hyperparameters, 2).reduction!;
  const source = printExtentKernel({ instructions: reduction.instructions, extents: reduction.extents, outputs: [], key: 'count' });
  expect(source.match(/for \(let b = 0/g)).toHaveLength(2);
  expect(source).not.toMatch(/new Float64Array\(layout\.element\)/);
});

test('where new Function is forbidden (a content security policy), the kernel evaluates by extent with the same results', () => {
  const program: ExtentProgram = {
    instructions: [{ op: 'param' }, { op: 'grad' }, { op: 'mul', a: 0, b: 1 }, { op: 'sum', a: 2, axis: 'last' }, { op: 'mul', a: 3, b: 1 }],
    extents: ['element', 'element', 'element', 'row', 'element'],
    outputs: [4],
    key: 'csp-test',
  };
  const spy = jest.spyOn(globalThis, 'Function').mockImplementation(() => {
    throw new EvalError('refused by the content security policy');
  });
  const kernel = extentKernel(program);
  spy.mockRestore();
  const layout = extentLayout([2, 3]);
  const p = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const g = Float64Array.from([1, 1, 2, 0.5, 0, 1]);
  const target = new Float64Array(6);
  const values = kernel({ p, g, slots: [], coefficients: new Float64Array(0), sums: [] }, layout, [target]);
  // Row sums of p·g: 1 + 2 + 6 = 9 and 2 + 0 + 6 = 8; the output is that row's sum times g.
  expect(Array.from(values[3] as Float64Array)).toEqual([9, 8]);
  expect(Array.from(target)).toEqual([9, 9, 18, 4, 0, 8]);
});
