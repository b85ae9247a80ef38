/**
 * Direct mail through Lob's Print & Mail API (postcards and letters). Lob takes an
 * Idempotency-Key: a repeat with the same key returns the first piece, so unlike SMS a
 * send whose answer was lost may safely be repeated. A piece can be cancelled until its
 * send date, which is how the cancellation window is made.
 */
import type { MailKind } from '../../../schemas/primitives.ts';
import type { PostalAddress } from '../../../schemas/primitives.ts';
import { ProviderError } from '../../../services/platform/provider-error.ts';

const TIMEOUT_MS = 30_000;

export type { MailKind };

export interface MailPiece {
  kind: MailKind;
  to: { name: string; address: PostalAddress };
  /** Postcards: HTML of the front and back; letters: HTML of the letter. Lob merges {{variables}} into them. */
  content: { front: string; back: string } | { file: string };
  mergeVariables: Record<string, string>;
  /** Lob prints nothing before this: until then the piece can be cancelled. */
  sendDate: Date;
  idempotencyKey: string;
  /** Shown in Lob's dashboard; no personal data. */
  description: string;
  metadata: Record<string, string>;
}

export interface DirectMailSender {
  send(piece: MailPiece): Promise<{ id: string; sendDate: string }>;
  /** 'too-late': already sent to the printer; 'unknown-piece': Lob has no such piece (any longer). */
  cancel(kind: MailKind, id: string): Promise<'cancelled' | 'too-late' | 'unknown-piece'>;
}

const paths = { postcard: 'postcards', letter: 'letters' } as const;

/** Lob's inline address; outside the US the state is optional. */
function lobAddress({ name, address }: MailPiece['to']) {
  return {
    name,
    address_line1: address.street,
    ...(address.street2 ? { address_line2: address.street2 } : {}),
    address_city: address.city,
    ...(address.state ? { address_state: address.state } : {}),
    address_zip: address.postalCode,
    address_country: address.country,
  };
}

export function createLobMail(options: { apiUrl: string; apiKey: string; from?: string }): DirectMailSender {
  const base = options.apiUrl.replace(/\/$/, '');
  const authorization = `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`;

  async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: { authorization, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      // A refused connection reached no one; a lost answer may hide a piece Lob took: the
      // step stays reserved and is asked for again with the same key (the gate's resend).
      const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
      throw new ProviderError(
        code === 'ECONNREFUSED' ? 'not-sent' : 'unknown',
        `Lob ${method} ${path}: ${code ?? (error as Error).message}`,
        { cause: error },
      );
    }
  }

  return {
    async send(piece) {
      const response = await call(
        'POST',
        `/v1/${paths[piece.kind]}`,
        { 'idempotency-key': piece.idempotencyKey },
        {
          description: piece.description,
          to: lobAddress(piece.to),
          ...(options.from ? { from: options.from } : {}),
          ...piece.content,
          ...(piece.kind === 'postcard' ? { size: '4x6' } : { color: true }),
          merge_variables: piece.mergeVariables,
          send_date: piece.sendDate.toISOString(),
          use_type: 'marketing',
          metadata: piece.metadata,
        },
      );
      const answer = (await response.json().catch(() => ({}))) as { id?: string; send_date?: string; error?: { message?: string } };
      if (response.ok && answer.id) return { id: answer.id, sendDate: answer.send_date ?? piece.sendDate.toISOString() };
      const text = `Lob ${response.status}: ${answer.error?.message ?? response.statusText}`;
      // 4xx other than 429: Lob refused the piece (bad or undeliverable address, bad key) for good.
      if (response.status >= 400 && response.status < 500 && response.status !== 429) throw new ProviderError('rejected', text);
      // 429 and 503 took nothing; another 5xx may have: the step stays reserved and is asked for again with its key.
      throw new ProviderError(response.status === 429 || response.status === 503 ? 'not-sent' : 'unknown', text);
    },

    async cancel(kind, id) {
      const response = await call('DELETE', `/v1/${paths[kind]}/${id}`);
      if (response.ok) return 'cancelled';
      if (response.status === 404) return 'unknown-piece';
      const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      if (response.status === 422) return 'too-late';
      // Cancelling twice is harmless: the activity's retry asks again.
      throw new ProviderError('not-sent', `Lob ${response.status} cancelling ${id}: ${answer.error?.message ?? response.statusText}`);
    },
  };
}
