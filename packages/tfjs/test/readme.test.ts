import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** The README opens with a swap-an-optimizer example: it must run as written. */
test('the README example runs and trains', async () => {
  await tf.setBackend('cpu');
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(code.split('\n').length).toBeLessThanOrEqual(18);
  const lines: string[] = [];
  const printed = new Promise<void>((resolve) => {
    const console = { log: (line: string) => (lines.push(line), resolve()) };
    new Function('require', 'console', code)(require, console);
  });
  await printed;
  const loss = Number(/XOR loss (\S+)/.exec(lines[0])?.[1]);
  expect(loss).toBeLessThan(0.1);
});
