/**
 * The consent links a message started by a consent grant carries: `{{ links.renew }}` renews
 * the marketing consent of the grant's channel (a re-permission request, which may go out
 * on another channel than the one it renews), `{{ links.confirm }}` confirms that grant (the
 * double opt-in). Other messages carry neither.
 */
import { Channel } from '../../schemas/primitives.ts';
import type { ConsentLinks } from '../../services/platform/consent-links/consent-links.ts';
import type { MessageRequest } from './message-request.ts';

export function consentLinkData(request: MessageRequest, customerId: string, links: ConsentLinks): Record<string, string> {
  if (request.trigger.type !== 'Consent Granted') return {};
  const channel = Channel.safeParse(request.trigger.payload.channel);
  if (!channel.success) return {};
  return {
    renew: links.urlFor('renew', { customerId, channel: channel.data }),
    confirm: links.urlFor('confirm', { customerId, channel: channel.data, grantedAt: request.trigger.occurredAt }),
  };
}
