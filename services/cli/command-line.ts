/**
 * The operator CLI's reader: a table of commands, each read with node:util parseArgs.
 * 1. `--help` (or `-h`) at any level prints that level's usage to stdout, exit 0.
 * 2. A command line we cannot act on is a UsageError naming the problem, printed with the
 *    usage of the command it was meant for to stderr, exit 2; so is one its command refuses.
 * 3. Anything else that fails prints its stack, exit 1.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.ts';

export interface Option {
  type: 'boolean' | 'string';
  description: string;
}
export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  /** `migrate`, or a group and its subcommand: `journey pause`. */
  name: string;
  /** In order; `<pool>` is required, `[<prefix>]` optional; a last one ending in `...` takes any number. */
  args?: readonly string[];
  options?: Readonly<Record<string, Option>>;
  summary: string;
  /** More for the command's own usage: examples, what an argument may be. */
  details?: string;
  /** Gets as many positional arguments as `args` names, the required ones always. */
  run(input: { args: string[]; options: OptionValues }): Promise<void>;
}

type Reading = { help: string } | { command: Command; args: string[]; options: OptionValues };

const helpOption = { type: 'boolean', short: 'h' } as const;
const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';
const synopsis = (command: Command) =>
  [
    command.name,
    ...(command.args ?? []),
    ...Object.entries(command.options ?? {}).map(([name, option]) => (option.type === 'boolean' ? `[--${name}]` : `[--${name} <${name}>]`)),
  ].join(' ');

/** One line per command, summaries in a column (below a synopsis too long for it). */
function table(commands: readonly Command[], prefix = ''): string {
  const width = 28 + prefix.length;
  const line = (command: Command) => {
    const left = prefix + synopsis(command);
    return left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${command.summary}` : `  ${left.padEnd(width)}  ${command.summary}`;
  };
  return commands.map(line).join('\n');
}

/** Every command, a blank line between groups. */
export function overview(commands: readonly Command[]): string {
  const groups = new Map<string, Command[]>();
  for (const command of commands) {
    const group = command.name.includes(' ') ? command.name.split(' ')[0]! : '';
    groups.set(group, [...(groups.get(group) ?? []), command]);
  }
  const blocks = [...groups.values()].map((group) => table(group));
  return `usage: journeys <command> [--help]\n\n${blocks.join('\n\n')}\n\n\`journeys <command> --help\` for a command's arguments and options.\n`;
}

export function usageOf(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, option]) => `  --${name.padEnd(10)}  ${option.description}`);
  return [
    `usage: journeys ${synopsis(command)}`,
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    '',
    'options:',
    ...options,
    `  ${'-h, --help'.padEnd(12)}  this usage`,
    '',
  ].join('\n');
}

const groupUsage = (group: string, commands: readonly Command[]) =>
  `usage:\n${table(commands, 'journeys ')}\n\n\`journeys ${group} <subcommand> --help\` for one of them.\n`;

export function readCommandLine(commands: readonly Command[], argv: readonly string[]): Reading {
  const [first, second] = argv;
  if (first === undefined || first === 'help' || isHelp(first)) return { help: overview(commands) };
  if (first.startsWith('-')) throw new UsageError(`journeys: unknown option ${first}`, overview(commands));
  const group = commands.filter((command) => command.name.split(' ')[0] === first);
  if (group.length === 0) throw new UsageError(`journeys: unknown command "${first}"`, overview(commands));
  const single = group.find((command) => command.name === first);
  if (single) return readArguments(single, argv.slice(1));

  const subcommands = group.map((command) => command.name.split(' ')[1]).join(', ');
  if (second === undefined) throw new UsageError(`journeys ${first}: missing subcommand (${subcommands})`, groupUsage(first, group));
  if (isHelp(second)) return { help: groupUsage(first, group) };
  const command = group.find((candidate) => candidate.name === `${first} ${second}`);
  if (!command) throw new UsageError(`journeys ${first}: unknown subcommand "${second}" (${subcommands})`, groupUsage(first, group));
  return readArguments(command, argv.slice(2));
}

function readArguments(command: Command, argv: readonly string[]): Reading {
  const refuse = (problem: string) => new UsageError(`journeys ${command.name}: ${problem}`, usageOf(command));
  // Not strict: we name the problem ourselves, in the words of our usage.
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options: { ...command.options, help: helpOption },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help === true) return { help: usageOf(command) };
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(command.options ?? {}, token.name) ? command.options?.[token.name] : undefined;
    if (!option) throw refuse(`unknown option ${token.rawName}`);
    if (option.type === 'boolean' && token.value !== undefined) throw refuse(`option ${token.rawName} takes no value`);
    if (option.type === 'string' && token.value === undefined) throw refuse(`option ${token.rawName} needs a value`);
  }
  const args = command.args ?? [];
  const required = args.filter((arg) => arg.startsWith('<')).length;
  if (positionals.length < required) throw refuse(`missing ${args[positionals.length]}`);
  const variadic = args.at(-1)?.endsWith('...]') === true || args.at(-1)?.endsWith('...>') === true;
  if (positionals.length > args.length && !variadic) throw refuse(`unexpected argument "${positionals[args.length]}"`);
  return { command, args: positionals, options: values };
}

/** Reads the command line, runs its command, and sets the exit code as the header says. */
export async function runCommandLine(commands: readonly Command[], argv: readonly string[]): Promise<void> {
  try {
    const reading = readCommandLine(commands, argv);
    if ('help' in reading) {
      process.stdout.write(reading.help);
      return;
    }
    await reading.command.run(reading).catch((error: unknown) => {
      if (error instanceof UsageError && !error.usage)
        throw new UsageError(`journeys ${reading.command.name}: ${error.message}`, usageOf(reading.command));
      throw error;
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${error.usage ?? ''}`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
