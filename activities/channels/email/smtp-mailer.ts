import nodemailer from 'nodemailer';
import { ProviderError } from '../../../services/platform/provider-error.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative, when the email has one. */
  html?: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/** SMTP through nodemailer: the SMTP sink locally, any SMTP relay in production. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({ from, ...email });
        return { messageId: info.messageId };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Whether a failed SMTP send may have been accepted: a 5xx answer refuses for good, a 4xx
 * answer or a failed connection certainly did not deliver; anything else (a timeout after
 * the message data) may have, and the gate then never sends the step again.
 */
function classifySmtpError(error: unknown): ProviderError {
  const { responseCode, code, syscall, message } = (error ?? {}) as {
    responseCode?: number;
    code?: string;
    syscall?: string;
    message?: string;
  };
  const text = message ?? String(error);
  if (typeof responseCode === 'number' && responseCode >= 500)
    return new ProviderError('rejected', `SMTP ${responseCode}: ${text}`, { cause: error });
  if (typeof responseCode === 'number' && responseCode >= 400)
    return new ProviderError('not-sent', `SMTP ${responseCode}: ${text}`, { cause: error });
  // Failing to connect at all (refused, no such host) never reached the DATA command.
  if (code === 'ECONNECTION' || code === 'EDNS' || syscall === 'connect') return new ProviderError('not-sent', text, { cause: error });
  return new ProviderError('unknown', text, { cause: error });
}
