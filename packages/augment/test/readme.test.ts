import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README opens with a pipeline example: it must run as written and print what it says. */
test('the README example runs', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(code.split('\n').length).toBeLessThanOrEqual(18);
  const lines: string[] = [];
  new Function('require', 'console', code)(require, { log: (...parts: unknown[]) => lines.push(parts.join(' ')) });
  expect(lines[0]).toBe('8 224 224 Float32Array');
  expect(lines[1]).toMatch(/^resizedCrop( flipLeftRight)?( adjust(Brightness|Contrast|Saturation|Hue)){4} normalize$/);
  expect(lines[2]).toBe('true');
});
