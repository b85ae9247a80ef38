/**
 * A request body as the ingest API reads it, in this order, each step refusing with an
 * error that names the problem:
 *   1. the declared Content-Encoding (gzip and deflate, as RudderStack's and Segment's
 *      SDKs send them), decoded up to the endpoint's limit (so a small bomb cannot grow);
 *      a body that is not what its header says is refused, not read as plain JSON;
 *   2. UTF-8, strictly: a byte sequence that is not UTF-8 is refused, never replaced;
 *   3. JSON. Each event's shape and values are then checked against schemas/event-limits.ts.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { HttpError } from './http-error.ts';

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

/** JSON from the decoded body. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('not valid JSON');
  }
}
