#!/usr/bin/env node
'use strict';
const { main } = require('../dist/cli.js');

main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exitCode = 2;
  },
);
