import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README's ```js blocks, in order. */
function readmeCode(): string[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
}

test('the README opens with an example that runs: ten epochs with dropout, then a plain net’s output', () => {
  const code = readmeCode()[0];
  const lines: unknown[][] = [];
  const console = { log: (...values: unknown[]) => lines.push(values) };
  new Function('require', 'console', code)(require, console);
  expect(lines).toHaveLength(2);
  const [iterations, error] = lines[0] as number[];
  expect(iterations).toBe(10);
  expect(error).toBeLessThan(0.04);
  expect(lines[1][0]).toBeInstanceOf(Float32Array);
  expect((lines[1][0] as Float32Array).length).toBe(10);
});

test('the README’s augmentation snippet runs after the opening example: five epochs on shifted digits', () => {
  const [opening, snippet] = readmeCode();
  expect(snippet.trim().split('\n')).toHaveLength(4);
  const lines: unknown[][] = [];
  const console = { log: (...values: unknown[]) => lines.push(values) };
  new Function('require', 'console', `${opening}\n${snippet}`)(require, console);
  expect(lines).toHaveLength(3);
  const error = lines[2][0] as number;
  expect(error).toBeGreaterThan(0);
  expect(error).toBeLessThan(0.05); // an untrained net: about 0.09
});

test('the README’s recurrent example runs: an LSTM learns the strings and completes one', () => {
  const code = readmeCode()[2];
  expect(code).toMatch(/recurrent\.LSTM/);
  const lines: unknown[][] = [];
  const console = { log: (...values: unknown[]) => lines.push(values) };
  new Function('require', 'console', code)(require, console);
  expect(lines).toHaveLength(1);
  const [error, completion] = lines[0] as [number, string];
  expect(error).toBeLessThan(0.03);
  expect(completion).toBe(' world');
});
