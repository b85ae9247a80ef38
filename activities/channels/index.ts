/**
 * The channel table: every channel the product sends on (schemas/channels.ts), each from
 * its own folder (spec, send activity, templates, provider client). The worker runs each
 * channel's activities on the channel's task queue at its send rate, journeys get
 * `send.<channel>` for each, and profile facts ask each spec whether the customer has an
 * address on it.
 */
import type { Channel } from '../../schemas/primitives.ts';
import type { Config } from '../../services/platform/config.ts';
import type { CustomerProfile } from '../../services/platform/db/customers.ts';
import type { Db } from '../../services/platform/db/pool.ts';
import type { SendRates } from '../../services/platform/provider-rates.ts';
import type { ChannelSpec } from './channel-spec.ts';
import { createDirectMailActivities, directMailChannel, directMailProviders, type DirectMailDeps } from './direct-mail/send-direct-mail.ts';
import type { mailTemplates } from './direct-mail/templates.ts';
import { createEmailActivities, emailChannel, emailProviders, type EmailDeps } from './email/send-email.ts';
import type { emailTemplates } from './email/templates.ts';
import { createPushActivities, pushChannel, pushProviders, type PushDeps } from './push/send-push.ts';
import type { pushTemplates } from './push/templates.ts';
import { createSmsActivities, smsChannel, smsProviders, type SmsDeps } from './sms/send-sms.ts';
import type { smsTemplates } from './sms/templates.ts';

export const channelTable = {
  email: emailChannel,
  sms: smsChannel,
  push: pushChannel,
  direct_mail: directMailChannel,
} as const satisfies { [C in Channel]: ChannelSpec<C> };

/**
 * The template names of each channel, as types: a journey that names a template its
 * channel does not have fails the type check, not a send at run time.
 */
export interface TemplateNames {
  email: keyof typeof emailTemplates;
  sms: keyof typeof smsTemplates;
  push: keyof typeof pushTemplates;
  direct_mail: keyof typeof mailTemplates;
}

export type ChannelDeps = EmailDeps & SmsDeps & PushDeps & DirectMailDeps;

/** Every channel's provider clients, from the configuration; `close` releases their connections. */
export function createChannelProviders(config: Config) {
  const providers = { ...emailProviders(config), ...smsProviders(config), ...pushProviders(config), ...directMailProviders(config) };
  return { ...providers, close: () => providers.mailer.close() };
}

export function createChannelActivities(deps: ChannelDeps) {
  return {
    ...createEmailActivities(deps),
    ...createSmsActivities(deps),
    ...createPushActivities(deps),
    ...createDirectMailActivities(deps),
  };
}

const specs: readonly ChannelSpec[] = Object.values(channelTable);

/** The channel whose task queue runs this activity; null: the workflows' own queue. */
export function channelOfActivity(activityName: string): Channel | null {
  return specs.find((spec) => spec.activities.includes(activityName))?.channel ?? null;
}

/** Each channel's send rate: its provider's default, or what `SEND_RATES` set. */
export function sendRatesOf(configured: Partial<SendRates>): SendRates {
  return Object.fromEntries(specs.map((spec) => [spec.channel, configured[spec.channel] ?? spec.sendRate])) as SendRates;
}

/** The channels the customer has an address on, as the send gate would find it. */
export async function reachableChannels(db: Db, profile: CustomerProfile | null): Promise<Channel[]> {
  if (!profile) return [];
  const found = await Promise.all(specs.map(async (spec) => ((await spec.addressOf(profile, db)) === null ? null : spec.channel)));
  return found.filter((channel) => channel !== null);
}
