/** A command line the CLI cannot act on: printed with its usage, exit code 2. */
export class UsageError extends Error {}
