/** `npm run schemas:generate`: writes the catalog's JSON Schemas to schemas/json/. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogJsonSchemas, serializeSchema } from '../../schemas/json-schema.ts';

const outDir = fileURLToPath(new URL('../../schemas/json/', import.meta.url));
rmSync(outDir, { recursive: true, force: true });
const files = catalogJsonSchemas();
for (const [file, document] of Object.entries(files)) {
  mkdirSync(dirname(join(outDir, file)), { recursive: true });
  writeFileSync(join(outDir, file), serializeSchema(document));
}
process.stdout.write(`wrote ${Object.keys(files).length} schemas to schemas/json/\n`);
