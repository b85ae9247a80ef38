/**
 * The benchmark's own Temporal namespace: its thousands of customer workflows stay out of
 * the product's namespace (and the Web UI's default view); the namespace is deleted at the end.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { searchAttributes } from '../schemas/names.ts';

export async function ensureBenchNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  } catch (error) {
    if (!/already exists|AlreadyExists/i.test(String(error))) throw error;
  }
  // A new namespace takes a moment to reach every service of the dev server.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      break;
    } catch (error) {
      if (attempt > 40) throw error;
      await delay(250);
    }
  }
  const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(Object.values(searchAttributes).map((key) => [key.name, keyword])),
  });
}

/** Deletes the namespace with every workflow the benchmark left running (no worker runs them). */
export async function deleteBenchNamespace(connection: Connection, namespace: string): Promise<void> {
  await connection.operatorService.deleteNamespace({ namespace });
}
