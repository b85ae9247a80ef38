import { Client, Connection, type ClientPlugin } from '@temporalio/client';

/** How to reach a secured Temporal (Temporal Cloud: mTLS or an API key). The local dev server needs none. */
export interface TemporalSecurity {
  tls: boolean;
  /** PEM of a private CA. */
  ca?: string;
  /** mTLS: the client's certificate and key, PEM. */
  clientCert?: { crt: string; key: string };
  apiKey?: string;
}

/** The connection options of the client and of workers (Connection and NativeConnection take the same). */
export function temporalConnectionOptions(address: string, security?: TemporalSecurity) {
  const tls =
    security?.tls === true
      ? {
          ...(security.ca ? { serverRootCACertificate: Buffer.from(security.ca) } : {}),
          ...(security.clientCert
            ? { clientCertPair: { crt: Buffer.from(security.clientCert.crt), key: Buffer.from(security.clientCert.key) } }
            : {}),
        }
      : undefined;
  return { address, ...(tls ? { tls } : {}), ...(security?.apiKey ? { apiKey: security.apiKey } : {}) };
}

export async function connectTemporal(options: {
  address: string;
  namespace: string;
  security?: TemporalSecurity;
  plugins?: ClientPlugin[];
}): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(options.address, options.security));
  return new Client({ connection, namespace: options.namespace, plugins: options.plugins ?? [] });
}
