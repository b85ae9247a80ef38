/**
 * Heartbeats for activities that go through the whole customer base a page at a time
 * (opening campaign windows, refreshing every customer's segments). Their workflow gives
 * them a heartbeat timeout well below their start-to-close timeout: an attempt whose worker
 * died stops heartbeating, and Temporal retries it on another worker within that timeout
 * instead of after half an hour. Each page is short, so one heartbeat per page is enough;
 * the SDK throttles what reaches the server.
 */
import { asyncLocalStorage } from '@temporalio/activity';

/** Progress of the current activity attempt; nothing outside an activity (the CLI opening a window by hand, a test). */
export function heartbeat(progress: Record<string, string | number>): void {
  asyncLocalStorage.getStore()?.heartbeat(progress);
}
