// `npm run openapi` writes openapi/openapi.json from the route schemas; `--check` fails when the committed file
// differs from the code or is not a valid OpenAPI 3.1 document.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectPglite } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';

const FILE = new URL('../openapi/openapi.json', import.meta.url);
const check = process.argv.includes('--check');

// The document depends only on the code, not on the environment or database.
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
const database = await connectPglite();
const app = await buildApp({ config, database, logger: createLogger('silent') });
await app.ready();
const spec = app.swagger();
await app.close();
await database.close();
const text = JSON.stringify(spec, null, 2) + '\n';

const validator = new Validator();
const result = await validator.validate(spec as unknown as Parameters<Validator['validate']>[0]);
if (!result.valid) {
  console.error('The generated OpenAPI document is not valid:\n' + JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
const operations = Object.values((spec as { paths: Record<string, Record<string, { operationId?: string }>> }).paths).flatMap((p) => Object.values(p));
const missing = operations.filter((o) => !o.operationId);
if (missing.length) {
  console.error(`${missing.length} operations lack an operationId.`);
  process.exit(1);
}

if (check) {
  const committed = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '';
  if (committed !== text) {
    console.error('openapi/openapi.json is stale: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log(`openapi/openapi.json is current and valid (${operations.length} operations).`);
} else {
  mkdirSync(new URL('../openapi/', import.meta.url), { recursive: true });
  writeFileSync(FILE, text);
  console.log(`Wrote openapi/openapi.json (${operations.length} operations, OpenAPI ${(spec as { openapi: string }).openapi}).`);
}
