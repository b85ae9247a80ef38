/** A command line the CLI cannot act on: printed with its usage, exit code 2. */
export class UsageError extends Error {
  /** `usage` is the command's; a command's own refusals get it added by runCommandLine. */
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}
