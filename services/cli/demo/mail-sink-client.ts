/** Reads the SMTP sink's inbox through MailDev's REST API. */
export interface ReceivedEmail {
  id: string;
  subject: string;
  to: { address: string }[];
  text: string;
  /** The HTML alternative, when the email has one. */
  html?: string;
  headers: Record<string, string>;
  date: string;
}

export function createMailSinkClient(inboxUrl: string) {
  return {
    async list(): Promise<ReceivedEmail[]> {
      const response = await fetch(`${inboxUrl}/email`);
      if (!response.ok) throw new Error(`mail sink answered ${response.status}`);
      return (await response.json()) as ReceivedEmail[];
    },
    async to(address: string): Promise<ReceivedEmail[]> {
      return (await this.list()).filter((email) => email.to.some((to) => to.address === address));
    },
  };
}
export type MailSinkClient = ReturnType<typeof createMailSinkClient>;
