// `npm run openapi [-- <file>]`: writes the OpenAPI document (default docs/openapi.json) without a running
// server, database or Redis, for Spectral (`npm run lint:api`) and client generators (openapi-typescript).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildOpenApiDocumentOffline } from '../src/infra/http/openapi-offline';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'docs/openapi.json');
  const document = await buildOpenApiDocumentOffline();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`Wrote ${out}: ${operations} operations`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
