/* eslint-disable @typescript-eslint/no-require-imports */
/* global require */
// Lets a child `node` process run the bridge's TypeScript sources directly (transpile only, as
// ts-jest does), so the kill test needs no `npm run build`.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, filename);
};
