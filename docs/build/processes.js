'use strict';
const { spawn } = require('child_process');

/**
 * Runs `node args…` in a child process and resolves with what it printed; rejects with
 * its stderr (and exit code) when it fails.
 * @param {string[]} args
 * @param {{ cwd: string }} options
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
function runNode(args, { cwd }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`node ${args.join(' ')} exited with ${code}\n${stderr}${stdout}`));
    });
  });
}

/**
 * Runs async tasks with at most `concurrency` at once, in order of the list; resolves
 * with their results in the same order, or rejects with the first failure.
 * @template T
 * @param {(() => Promise<T>)[]} tasks
 * @param {number} concurrency
 * @returns {Promise<T[]>}
 */
async function runPool(tasks, concurrency) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}

module.exports = { runNode, runPool };
