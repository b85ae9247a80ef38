/**
 * The template names of each channel, as types: a journey that names a template its
 * channel does not have fails the type check, not a send at run time.
 */
import type { mailTemplates } from './direct-mail.ts';
import type { emailTemplates } from './email.ts';
import type { pushTemplates } from './push.ts';
import type { smsTemplates } from './sms.ts';

export interface TemplateNames {
  email: keyof typeof emailTemplates;
  sms: keyof typeof smsTemplates;
  push: keyof typeof pushTemplates;
  direct_mail: keyof typeof mailTemplates;
}
