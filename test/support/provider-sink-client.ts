/** Reads and steers the provider sink (infra/provider-sink): what Twilio, Web Push and Lob received. */
import type { Fault, Provider, Received } from '../../infra/provider-sink/sink-state.ts';

export function createProviderSinkClient(baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`provider sink answered ${response.status} to ${method} ${path}`);
    return response.status === 204 ? undefined : await response.json();
  };
  return {
    received: async (provider: Provider, to: string) =>
      (await call('GET', `/_sink/received?provider=${provider}&to=${encodeURIComponent(to)}`)) as Received[],
    /** The next `times` requests for this recipient fail as `mode` says. */
    fault: (fault: Fault) => call('POST', '/_sink/faults', fault),
    clearFaults: () => call('DELETE', '/_sink/faults'),
    /** A new browser push subscription, as PushSubscription.toJSON() gives it; its id is what `received` and faults take as `to`. */
    async subscribePush() {
      const subscription = (await call('POST', '/_sink/push/subscriptions')) as {
        endpoint: string;
        expirationTime: null;
        keys: { p256dh: string; auth: string };
      };
      return { id: new URL(subscription.endpoint).pathname.split('/').pop()!, subscription };
    },
    /** The customer revoked the permission: the push service answers 410 Gone from now on. */
    expirePush: (id: string) => call('POST', `/_sink/push/subscriptions/${id}/expire`),
  };
}
export type ProviderSinkClient = ReturnType<typeof createProviderSinkClient>;
