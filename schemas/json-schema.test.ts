import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { knownEvents } from './catalog.ts';
import { catalogJsonSchemas, serializeSchema } from './json-schema.ts';

const committedDir = fileURLToPath(new URL('./json/', import.meta.url));
const committedFiles = (dir: string, prefix = ''): string[] =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? committedFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );

describe('JSON Schemas of the catalog', () => {
  it('are committed and current: run `npm run schemas:generate` after changing a zod schema', () => {
    const generated = catalogJsonSchemas();
    assert.deepEqual(committedFiles(committedDir).sort(), Object.keys(generated).sort());
    for (const [file, document] of Object.entries(generated)) {
      assert.equal(readFileSync(join(committedDir, file), 'utf8'), serializeSchema(document), `schemas/json/${file} is stale`);
    }
  });

  it('describe money as integer minor units with a currency, and require only what an event means nothing without', () => {
    const schemas = catalogJsonSchemas();
    const checkout = schemas['events/checkout-started.v1.json'] as {
      properties: { value: { properties: { amount: { type: string } }; required: string[] } };
      required?: string[];
    };
    assert.equal(checkout.properties.value.properties.amount.type, 'integer');
    assert.deepEqual(checkout.properties.value.required, ['amount', 'currency']);
    // Segment's spec requires nothing of a checkout: a producer that follows it is not refused.
    assert.equal(checkout.required, undefined);
    assert.deepEqual((schemas['events/order-completed.v1.json'] as { required: string[] }).required, ['order_id']);
  });

  it("say what our refinements require, so another language's validator refuses what the ingest API would", () => {
    // A referral accepted names its referrer by id or by code: either alone passes both, neither passes neither.
    const accepted = catalogJsonSchemas()['events/referral-accepted.v1.json'] as { anyOf: { required: string[] }[] };
    const alternatives = accepted.anyOf.map((alternative) => alternative.required);
    assert.deepEqual(alternatives, [['referrer_id'], ['referral_code']]);
    const zodAccepts = (payload: object) => knownEvents['Referral Accepted'].payload.safeParse(payload).success;
    assert.equal(zodAccepts({ referral_id: 'r-1', referrer_id: 'c-1' }), true);
    assert.equal(zodAccepts({ referral_id: 'r-1', referral_code: 'ANN-7' }), true);
    assert.equal(zodAccepts({ referral_id: 'r-1' }), false);
  });
});
