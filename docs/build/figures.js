'use strict';
const fs = require('fs');
const path = require('path');
const { runNode } = require('./processes');

/**
 * One task per figure script in docs/figures (each `node docs/figures/x.js <site>/figures`
 * writes its SVG figures and HTML tables). Resolves with the files each one wrote.
 * @param {{ root: string, out: string }} paths
 * @returns {(() => Promise<{ script: string, files: string[] }>)[]}
 */
function figureTasks({ root, out }) {
  const dir = path.join(root, 'docs', 'figures');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((script) => async () => {
      const { stdout } = await runNode([path.join(dir, script), path.join(out, 'figures')], { cwd: root });
      return { script, files: stdout.split('\n').filter(Boolean) };
    });
}

/**
 * One task per snippet the guides include: runs it with node from the repository root and
 * resolves with what it printed (the build fails when a snippet fails).
 * @param {string[]} snippets paths under docs/snippets
 * @param {{ root: string }} paths
 * @returns {(() => Promise<[string, string]>)[]}
 */
function snippetTasks(snippets, { root }) {
  return snippets.map((name) => async () => {
    const { stdout } = await runNode([path.join(root, 'docs', 'snippets', name)], { cwd: root });
    return [name, stdout];
  });
}

module.exports = { figureTasks, snippetTasks };
