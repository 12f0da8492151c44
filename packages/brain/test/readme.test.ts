import { readFileSync } from 'node:fs';
import { join } from 'node:path';

test('the README opens with an example that runs: ten epochs with dropout, then a plain net’s output', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const code = (readme.match(/```js\n([\s\S]*?)```/) as RegExpMatchArray)[1];
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
