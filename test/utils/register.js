// Runs src/*.ts directly in a child process (the API and worker processes of the process tests and the
// benchmark's app and worker), compiled by swc as jest does (no type check), and maps the generated Prisma
// client's `./x.js` imports to their `.ts` sources, as jest's moduleNameMapper does.
const { transformSync } = require('@swc/core');
const Module = require('node:module');
const fs = require('node:fs');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTsForJs(request, parent, ...rest) {
  try {
    return resolve.call(this, request, parent, ...rest);
  } catch (error) {
    if (request.startsWith('.') && request.endsWith('.js')) return resolve.call(this, request.slice(0, -3), parent, ...rest);
    throw error;
  }
};
