/**
 * JSON Schemas of the catalog, generated from the zod schemas, for producers in other
 * languages to validate before sending, and of the records on `journey-outcomes`, for
 * consumers (warehouses, BI tools) that read what journeys did. Committed under schemas/json/ and checked in CI to
 * be current (schemas/json-schema.test.ts); regenerate with `npm run schemas:generate`.
 * Checks that JSON Schema cannot express (a time zone must exist) stay ours alone.
 */
import { z } from 'zod';
import { CATALOG_VERSION, knownEvents } from './catalog.ts';
import { CustomerEventEnvelope } from './envelope.ts';
import { JourneyOutcome } from './outcomes.ts';

const fileName = (eventName: string, version: number) => `events/${eventName.toLowerCase().replaceAll(' ', '-')}.v${version}.json`;

const describe = (schema: z.ZodType, title: string, id: string) => ({
  $id: id,
  title,
  ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
});

/** File name under schemas/json/ → its JSON Schema document. */
export function catalogJsonSchemas(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'envelope.json': describe(CustomerEventEnvelope, 'Customer event envelope', 'envelope.json'),
    'journey-outcome.json': describe(JourneyOutcome, 'Journey outcome (a record on journey-outcomes)', 'journey-outcome.json'),
  };
  const index: { type: string; version: number; payloadSchema: string }[] = [];
  for (const definition of Object.values(knownEvents)) {
    const name = fileName(definition.name, definition.version);
    files[name] = describe(definition.payload, `${definition.name} (payload, version ${definition.version})`, name);
    index.push({ type: definition.name, version: definition.version, payloadSchema: name });
  }
  files['catalog.json'] = {
    catalogVersion: CATALOG_VERSION,
    envelope: 'envelope.json',
    journeyOutcome: 'journey-outcome.json',
    events: index,
  };
  return files;
}

export const serializeSchema = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;
