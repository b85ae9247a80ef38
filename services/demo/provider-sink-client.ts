/** Reads and steers the provider sink (infra/provider-sink): what Twilio, Web Push and Lob received. */
import type { Fault, Provider, Received } from '../../infra/provider-sink/sink-state.ts';

export function createProviderSinkClient(baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    if (!response.ok) throw new Error(`provider sink answered ${response.status} to ${method} ${path}`);
    return response.status === 204 ? undefined : await response.json();
  };
  return {
    received: async (provider: Provider, to: string) => (await call('GET', `/_sink/received?provider=${provider}&to=${encodeURIComponent(to)}`)) as Received[],
    /** The next `times` requests for this recipient fail as `mode` says. */
    fault: (fault: Fault) => call('POST', '/_sink/faults', fault),
    clearFaults: () => call('DELETE', '/_sink/faults'),
  };
}
export type ProviderSinkClient = ReturnType<typeof createProviderSinkClient>;
