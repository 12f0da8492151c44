#!/usr/bin/env node
'use strict';
/**
 * A tfjs model trained in the browser with a descent optimizer, on the GPU: serves a page
 * on 127.0.0.1 that trains a small MLP on real MNIST digits with Adam under a cosine
 * schedule on webgpu (when the browser has it) or webgl, and plots the loss as it goes.
 *
 *   node examples/tfjs-browser/index.js [perDigit=300] [testPerDigit=100] [--port 8080]
 *
 * (`npm run build` first.) Open the printed URL; `?backend=webgl` (or webgpu, cpu) and
 * `?epochs=5&batchSize=32&learningRate=0.003` change the run. Ctrl-C stops the server.
 */
const { startServer } = require('./server');

const args = process.argv.slice(2);
const at = args.indexOf('--port');
const port = at < 0 ? 8080 : Number(args[at + 1]);
const [perDigit = 300, testPerDigit = 100] = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--port').map(Number);
for (const [name, value] of Object.entries({ perDigit, testPerDigit })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer ≥ 1, got ${value}`);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${args[at + 1]}`);

startServer({ perDigit, testPerDigit, port }).then(
  ({ url }) => {
    console.log(`tfjs-browser: ${10 * perDigit} training and ${10 * testPerDigit} test digits`);
    console.log(`open ${url} (or ${url}?backend=webgl); Ctrl-C stops the server`);
  },
  (error) => {
    console.error(`tfjs-browser: ${error.message}`);
    process.exitCode = 1;
  },
);
