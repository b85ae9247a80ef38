import { Client, Connection, type ClientPlugin } from '@temporalio/client';

export async function connectTemporal(options: { address: string; namespace: string; plugins?: ClientPlugin[] }): Promise<Client> {
  const connection = await Connection.connect({ address: options.address });
  return new Client({ connection, namespace: options.namespace, plugins: options.plugins ?? [] });
}
