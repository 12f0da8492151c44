'use strict';
const { Converter, ReflectionKind } = require('typedoc');

/**
 * A TypeDoc plugin naming each module by its import path: the entry point
 * packages/core/src/index.ts becomes "@descent/core" and packages/conformance/src/jest.ts
 * "@descent/conformance/jest" (TypeDoc would call them "core/src" and "conformance/src/jest").
 * @param {import('typedoc').Application} app
 */
function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const match = /^(?:packages\/)?([a-z-]+)\/src(?:\/([a-z-]+))?$/.exec(module.name);
      if (match) module.name = `@descent/${match[1]}${match[2] ? `/${match[2]}` : ''}`;
    }
  });
}

module.exports = { load };
