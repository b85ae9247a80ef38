import type { z } from 'zod';

/** An event is defined once: its wire name, its payload version and its payload schema. */
export function defineEvent<const Name extends string, Payload extends z.ZodType>(name: Name, version: number, payload: Payload) {
  return { name, version, payload } as const;
}
