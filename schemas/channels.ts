/**
 * Every channel the product sends on, each with its folder under activities/channels/.
 * Free of zod, so that workflows can read the list (journeys get `send.<channel>` for each).
 */
export const channels = ['email', 'sms', 'push', 'direct_mail'] as const;
export type Channel = (typeof channels)[number];

/** `direct_mail` → `directMail`: how journeys (`send.directMail`) and activities (`sendDirectMail`) name a channel. */
export type ChannelCamelCase<C extends Channel> = C extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Tail>}` : C;

export const channelCamelCase = <C extends Channel>(channel: C) =>
  channel.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase()) as ChannelCamelCase<C>;
