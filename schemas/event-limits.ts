/**
 * What one event may be, wherever it enters (the ingest API, or a producer writing to Kafka
 * directly): its size and shape, and values the event store can hold. Every edge applies
 * the same limits, so no event is applied by a customer's workflow that the event store
 * refuses, or stored while its workflow never sees it.
 */
import type { FieldIssue } from './envelope.ts';

/** Segment's documented limits, which producers written for Segment already respect. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** One envelope on Kafka: a call of MAX_EVENT_BYTES, its money converted, and the envelope's own fields. */
export const MAX_ENVELOPE_BYTES = 64 * 1024;
/** How deep an event's values may nest (objects and arrays), and how many fields it may hold in all. */
export const MAX_NESTING_DEPTH = 20;
export const MAX_FIELDS_PER_EVENT = 1_000;

/**
 * Where a value nests deeper than MAX_NESTING_DEPTH or holds more than MAX_FIELDS_PER_EVENT
 * fields (counted through every level), as issues at `path`. Iterative, and it stops at the
 * first excess: a value nested 5,000 deep costs no more than one nested 21 deep.
 */
export function shapeIssues(value: unknown, path: string): FieldIssue[] {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let fields = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_NESTING_DEPTH) return [{ path, message: `nested deeper than ${MAX_NESTING_DEPTH} levels` }];
    const children = Array.isArray(current) ? current : Object.values(current);
    fields += children.length;
    if (fields > MAX_FIELDS_PER_EVENT) return [{ path, message: `more than ${MAX_FIELDS_PER_EVENT} fields` }];
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return [];
}

/**
 * Values PostgreSQL cannot hold: the NUL character and unpaired UTF-16 surrogates (in any
 * string or key), and times before year 1; and an envelope over MAX_ENVELOPE_BYTES. The
 * envelope's shape was checked first (`shapeIssues`), so this walk is bounded.
 */
export function storableIssues(envelope: { occurredAt: string; receivedAt: string }, prefix: PropertyKey[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Paths are built only for an issue: walking every event is the hot path of ingest.
  type Node = { value: unknown; key: PropertyKey | null; parent: Node | null };
  const pathOf = (node: Node | null, key?: PropertyKey): string => {
    const keys: PropertyKey[] = key === undefined ? [] : [key];
    for (let at = node; at && at.key !== null; at = at.parent) keys.unshift(at.key);
    return [...prefix, ...keys].map(String).join('.') || '(root)';
  };
  const stack: Node[] = [{ value: envelope, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000'))
        issues.push({ path: pathOf(node), message: 'contains a NUL character (\\u0000), which the event store cannot hold' });
      else if (!value.isWellFormed())
        issues.push({ path: pathOf(node), message: 'contains an unpaired UTF-16 surrogate, which the event store cannot hold' });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (key.includes('\u0000') || !key.isWellFormed())
          issues.push({ path: pathOf(node, key), message: 'the field name cannot be held by the event store' });
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: node });
      }
    }
  }
  for (const field of ['occurredAt', 'receivedAt'] as const) {
    if (new Date(envelope[field]).getUTCFullYear() < 1) issues.push({ path: pathOf(null, field), message: 'must be in year 1 or later' });
  }
  if (overEnvelopeBytes(JSON.stringify(envelope)))
    issues.push({ path: pathOf(null), message: `the envelope is over ${MAX_ENVELOPE_BYTES} bytes` });
  return issues.sort((a, b) => a.path.localeCompare(b.path));
}

/** Over the limit in UTF-8; the bytes are counted only when the length leaves doubt (at most 3 per UTF-16 unit). */
function overEnvelopeBytes(json: string): boolean {
  return json.length * 3 > MAX_ENVELOPE_BYTES && new TextEncoder().encode(json).length > MAX_ENVELOPE_BYTES;
}
