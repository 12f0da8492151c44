'use strict';
/**
 * Writes a generated source file, or with `--check` on the command line only compares it:
 * exits 1 and names the command to run when the file on disk differs from `text`.
 */
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { relative } = require('node:path');

/** Writes `text` to `path` (or checks it under `--check`); `command` is how to regenerate it. */
function writeGenerated(path, text, command) {
  const shown = relative(process.cwd(), path);
  if (process.argv.includes('--check')) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
      console.error(`${shown} is out of date: run ${command}`);
      process.exitCode = 1;
    }
    return;
  }
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text);
  console.log(`wrote ${shown}`);
}

module.exports = { writeGenerated };
