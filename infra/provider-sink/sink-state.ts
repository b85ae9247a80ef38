/**
 * What the provider sink received, and the faults tests ask it to inject. Faults are scoped
 * to one recipient, so tests (and the demo) sharing the sink never see each other's.
 */
export type Provider = 'twilio' | 'web-push' | 'lob';

export interface Received {
  provider: Provider;
  /** Phone number, push subscription id, or the addressee's name on a mail piece. */
  to: string;
  /** The provider's id for the message (SM…, psc_…, a push message id). */
  id: string;
  at: string;
  /** What the provider would deliver: SMS body, decrypted push payload, mail piece. */
  content: unknown;
  headers: Record<string, string>;
}

/**
 * 'unavailable': answered as the provider does when it certainly did not take the message
 * (429/503); 'reject': the provider's permanent refusal (unsubscribed number, expired push
 * subscription, undeliverable address); 'timeout': the message is taken, no answer comes.
 */
export type FaultMode = 'unavailable' | 'reject' | 'timeout';
export interface Fault {
  provider: Provider;
  to: string;
  mode: FaultMode;
  times: number;
}

export function createSinkState() {
  const received: Received[] = [];
  let faults: Fault[] = [];
  return {
    received,
    record(message: Omit<Received, 'at'>) {
      received.push({ ...message, at: new Date().toISOString() });
    },
    addFault(fault: Fault) {
      faults.push(fault);
    },
    clearFaults() {
      faults = [];
    },
    /** The fault to apply to this request, if any (each applies `times` times). */
    takeFault(provider: Provider, to: string): FaultMode | null {
      const fault = faults.find((f) => f.provider === provider && f.to === to && f.times > 0);
      if (!fault) return null;
      fault.times -= 1;
      return fault.mode;
    },
  };
}
export type SinkState = ReturnType<typeof createSinkState>;
