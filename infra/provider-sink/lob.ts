/**
 * Lob's Print & Mail API as far as we use it: postcards and letters (POST /v1/postcards,
 * /v1/letters, HTTP Basic with the API key), the Idempotency-Key header (a repeat returns
 * the first piece), a send date, and cancellation (DELETE) until that date.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basicAuth, flatHeaders, hexId, readBody, reply } from './http.ts';
import type { SinkState } from './sink-state.ts';

type Piece = Record<string, unknown> & { id: string; send_date: string; deleted?: boolean };
const kinds = { postcards: { prefix: 'psc', object: 'postcard' }, letters: { prefix: 'ltr', object: 'letter' } } as const;
export type LobKind = keyof typeof kinds;

const lobError = (response: ServerResponse, status: number, message: string) =>
  reply(response, status, { error: { message, status_code: status, code: status === 422 ? 'invalid' : 'failed' } });

/** What Lob checks of an inline address before it prints anything. */
function addressProblem(to: unknown): string | null {
  if (typeof to !== 'object' || to === null) return 'to is required';
  const address = to as Record<string, unknown>;
  const country = typeof address.address_country === 'string' ? address.address_country : 'US';
  const required =
    country === 'US'
      ? ['name', 'address_line1', 'address_city', 'address_state', 'address_zip']
      : ['name', 'address_line1', 'address_city', 'address_zip'];
  const missing = required.find((field) => typeof address[field] !== 'string' || address[field] === '');
  if (missing) return `to.${missing} is required`;
  if (country === 'US' && !/^\d{5}(-\d{4})?$/.test(address.address_zip as string)) return 'to.address_zip must be a 5-digit or ZIP+4 code';
  return null;
}

export function createLobService(state: SinkState) {
  const pieces = new Map<string, Piece>();
  const byIdempotencyKey = new Map<string, Piece>();
  const authorised = (request: IncomingMessage) => /^(test|live)_\w+$/.test(basicAuth(request)?.user ?? '');

  return {
    async create(kind: LobKind, request: IncomingMessage, response: ServerResponse): Promise<void> {
      if (!authorised(request))
        return lobError(response, 401, 'Your API key is not valid. Please sign up on lob.com to get a valid api key.');
      const key = request.headers['idempotency-key'];
      const repeat = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
      if (repeat) return reply(response, 200, repeat);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await readBody(request)).toString('utf8')) as Record<string, unknown>;
      } catch {
        return lobError(response, 400, 'The request body is not valid JSON');
      }
      const problem =
        addressProblem(body.to) ??
        (kind === 'postcards' && !body.front ? 'front is required' : null) ??
        (kind === 'letters' && !body.file ? 'file is required' : null);
      if (problem) return lobError(response, 422, problem);
      const to = (body.to as { name: string }).name;
      const fault = state.takeFault('lob', to);
      if (fault === 'unavailable') return lobError(response, 503, 'Service Unavailable');
      if (fault === 'reject') return lobError(response, 422, 'to address is undeliverable');

      const now = new Date();
      const sendDate = typeof body.send_date === 'string' ? body.send_date : now.toISOString();
      const piece: Piece = {
        ...body,
        id: `${kinds[kind].prefix}_${hexId(16)}`,
        object: kinds[kind].object,
        send_date: sendDate,
        expected_delivery_date: new Date(Date.parse(sendDate) + 5 * 86_400_000).toISOString().slice(0, 10),
        carrier: 'USPS',
        date_created: now.toISOString(),
        date_modified: now.toISOString(),
      };
      pieces.set(piece.id, piece);
      if (typeof key === 'string') byIdempotencyKey.set(key, piece);
      state.record({ provider: 'lob', to, id: piece.id, content: piece, headers: flatHeaders(request) });
      if (fault === 'timeout') return;
      reply(response, 200, piece);
    },

    cancel(id: string, request: IncomingMessage, response: ServerResponse): void {
      if (!authorised(request)) return lobError(response, 401, 'Your API key is not valid.');
      const piece = pieces.get(id);
      if (!piece || piece.deleted) return lobError(response, 404, `${id} not found`);
      if (Date.parse(piece.send_date) <= Date.now())
        return lobError(response, 422, `${id} has already been sent to the printer and cannot be canceled`);
      piece.deleted = true;
      reply(response, 200, { id, deleted: true });
    },

    find(id: string, response: ServerResponse): void {
      const piece = pieces.get(id);
      return piece ? reply(response, 200, piece) : lobError(response, 404, `${id} not found`);
    },
  };
}
