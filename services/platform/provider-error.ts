/** The one error every provider client (SMTP, SMS, push, direct mail) throws. */
/** How a provider failed: the gate must know whether the message may have gone out. */
export class ProviderError extends Error {
  constructor(
    /** rejected: refused for good (e.g. SMTP 5xx); not-sent: certainly not accepted, retry; unknown: may have been accepted. */
    readonly kind: 'rejected' | 'not-sent' | 'unknown',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}
