#!/usr/bin/env node
// Writes src/generated/openapi-metadata.ts: what the @nestjs/swagger compiler plugin reads from the TypeScript
// types and doc comments of the request and response classes (files ending .dto.ts or .view.ts). The
// application loads it when it builds its OpenAPI document (src/infra/http/openapi.ts), so the document is the
// same whichever compiler ran the code: `nest build` (tsc), the tests (swc) or `npm run openapi`.
//
// `node scripts/openapi-metadata.js` regenerates it when a class file or the Prisma schema changed since it
// was written (postinstall, build and the test setup call it); `--force` always regenerates.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const OUT_DIR = path.join(SRC, 'generated');
const OUT = path.join(OUT_DIR, 'openapi-metadata.ts');
const CLASS_FILE = /\.(dto|view)\.ts$/;

function classFiles(dir = SRC) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === OUT_DIR ? [] : classFiles(full);
    return CLASS_FILE.test(entry.name) ? [full] : [];
  });
}

function isFresh(files) {
  if (!fs.existsSync(OUT)) return false;
  const written = fs.statSync(OUT).mtimeMs;
  const inputs = [...files, path.join(__dirname, 'openapi-metadata.js'), path.join(ROOT, 'prisma', 'schema.prisma')];
  return inputs.every((file) => !fs.existsSync(file) || fs.statSync(file).mtimeMs <= written);
}

function generate({ force = false } = {}) {
  // npm ci in the Docker image runs before the sources are copied in; `npm run build` generates it there
  if (!fs.existsSync(SRC)) return false;
  const files = classFiles();
  if (!force && isFresh(files)) return false;
  const ts = require('typescript');
  const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
  const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  new PluginMetadataGenerator().generate({
    visitors: [
      new ReadonlyVisitor({
        pathToSource: OUT_DIR,
        dtoFileNameSuffix: ['.dto.ts', '.view.ts'],
        // operations are described by decorators on the controllers (src/infra/http/api-docs.ts), not guessed
        controllerFileNameSuffix: [],
        introspectComments: true,
        classValidatorShim: true,
      }),
    ],
    outputDir: OUT_DIR,
    filename: path.basename(OUT),
    tsProgramRef: ts.createProgram({ rootNames: files, options: parsed.options }),
    printDiagnostics: false,
  });
  // the printer writes dynamic import()s, which tsc's node16 mode keeps as ES module imports: plain require()s
  // load the same CommonJS modules under every compiler
  const printed = fs.readFileSync(OUT, 'utf8');
  fs.writeFileSync(OUT, printed.replace(/(?:await )?import\(("[^"]+")\)/g, 'require($1)'));
  return true;
}

module.exports = { generate };

if (require.main === module) {
  const started = Date.now();
  const written = generate({ force: process.argv.includes('--force') });
  console.log(written ? `Wrote ${path.relative(ROOT, OUT)} in ${Date.now() - started} ms` : `${path.relative(ROOT, OUT)} is up to date`);
}
