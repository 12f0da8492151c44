'use strict';
const fs = require('fs');
const path = require('path');

/**
 * The TypeScript entry point of every public export of every workspace package:
 * `exports["./x"]` (its CommonJS build dist/x.js) maps to src/x.ts. Packages whose sources have
 * not landed yet are listed in `missing` instead.
 * @param {string} root the repository root
 * @returns {{ entryPoints: string[], missing: string[] }}
 */
function packageEntryPoints(root) {
  const workspaces = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces;
  const entryPoints = [];
  const missing = [];
  for (const workspace of workspaces) {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, workspace, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(manifest.exports ?? { '.': manifest.main })) {
      const built = typeof target === 'string' ? target : target.require ?? target.default;
      if (!built.endsWith('.js')) continue;
      const source = path.join(workspace, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      if (fs.existsSync(path.join(root, source))) entryPoints.push(source);
      else missing.push(`${manifest.name}${subpath.slice(1)}`);
    }
  }
  return { entryPoints, missing };
}

module.exports = { packageEntryPoints };
