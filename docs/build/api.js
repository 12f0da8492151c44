'use strict';
const path = require('path');
const { packageEntryPoints } = require('../api/entry-points');
const { runNode } = require('./processes');

/**
 * Builds TypeDoc's API reference of every package into `<out>/api` (options in the root
 * typedoc.json). Resolves with the packages not documented because their sources are missing,
 * and TypeDoc's warnings.
 * @param {{ root: string, out: string }} paths
 * @returns {Promise<{ missing: string[], warnings: string[] }>}
 */
async function buildApi({ root, out }) {
  const { entryPoints, missing } = packageEntryPoints(root);
  const typedoc = path.join(path.dirname(require.resolve('typedoc/package.json', { paths: [root] })), 'bin', 'typedoc');
  const args = [typedoc, '--options', 'typedoc.json', '--out', path.join(out, 'api'), '--logLevel', 'Warn', '--entryPoints', ...entryPoints];
  const { stderr } = await runNode(args, { cwd: root });
  // eslint-disable-next-line no-control-regex
  const warnings = stderr.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((line) => line.startsWith('[warning]') && !line.includes('Found 0 errors'));
  return { missing, warnings };
}

module.exports = { buildApi };
