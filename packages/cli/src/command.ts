import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Parsed option values, as node:util parseArgs returns them. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /** Writes a line to standard output. */
  out: (line: string) => void;
  /** Writes a line to standard error. */
  err: (line: string) => void;
  /** Resolves when the process receives SIGINT or SIGTERM (for long-running commands). */
  stopSignal: Promise<NodeJS.Signals>;
}

export interface Command {
  /** Words that select the command, e.g. "ca init". */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage and option descriptions shown by --help. */
  help: string;
  options: OptionSpec;
  /** Positional arguments allowed (names for the help text). */
  positionals?: string[];
  run(ctx: CommandContext): Promise<number>;
}

/** An error the user can act on: printed without a stack trace, exit code 1 unless told. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Prints data as JSON or as aligned "key: value" lines. */
export function printData(ctx: CommandContext, data: unknown, json: boolean): void {
  if (json) {
    ctx.out(JSON.stringify(data, null, 2));
    return;
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [k, v] of Object.entries(data)) {
      ctx.out(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    }
    return;
  }
  ctx.out(typeof data === 'string' ? data : JSON.stringify(data, null, 2));
}

export function stringOption(ctx: CommandContext, name: string, required = false): string | undefined {
  const v = ctx.values[name];
  if (v === undefined) {
    if (required) throw new CliError(`missing required option --${name}`);
    return undefined;
  }
  if (typeof v !== 'string') throw new CliError(`option --${name} takes a value`);
  return v;
}

/** The text of a file a command was given (`what` names the option); unreadable is a usage error (exit 2). */
export function readOptionFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      2,
    );
  }
}
