/**
 * A request body as the ingest API reads it, in this order, each step refusing with an
 * error that names the problem:
 *   1. the declared Content-Encoding (gzip and deflate, as RudderStack's and Segment's
 *      SDKs send them), decoded up to the endpoint's limit (so a small bomb cannot grow);
 *      a body that is not what its header says is refused, not read as plain JSON;
 *   2. UTF-8, strictly: a byte sequence that is not UTF-8 is refused, never replaced;
 *   3. JSON;
 *   4. the shape limits that keep one event from costing more than it should: how deep
 *      its values nest and how many fields it has.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { HttpError } from './http-error.ts';
import { MAX_FIELDS_PER_EVENT, MAX_NESTING_DEPTH } from './limits.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const invalid = (message: string) => new HttpError(400, { error: 'invalid_request', issues: [{ path: '(body)', message }] });
const tooLarge = (maxBytes: number) =>
  new HttpError(413, { error: 'payload_too_large', message: `the limit of this endpoint is ${maxBytes} bytes` });

/** The body's bytes as the producer meant them, at most `maxBytes` once decoded. */
export function decodeContent(raw: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  const decode = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipSync : encoding === 'deflate' ? inflateSync : null;
  if (!decode)
    throw new HttpError(415, { error: 'unsupported_encoding', message: `Content-Encoding "${encoding}" is not supported (gzip, deflate)` });
  try {
    return decode(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw invalid(`the body is not ${encoding} data, as its Content-Encoding says`);
  }
}

export function decodeText(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalid('the body is not valid UTF-8');
  }
}

/** JSON from the decoded body; shape limits are checked per event by `shapeIssues`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('not valid JSON');
  }
}

/**
 * Where a value nests deeper than MAX_NESTING_DEPTH or holds more than MAX_FIELDS_PER_EVENT
 * fields (counted through every level), as issues at `path`. Iterative, and it stops at the
 * first excess: a value nested 5,000 deep costs no more than one nested 33 deep.
 */
export function shapeIssues(value: unknown, path: string): { path: string; message: string }[] {
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
