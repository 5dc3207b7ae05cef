import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pgliteArtifacts } from '@mosip-trust/store/pglite-artifacts';
import { CliError, type Command, type CommandContext } from './command.ts';

/**
 * Command groups by their first word. Each group is its own module under commands/, imported only
 * when one of its commands runs: loading every package (PGlite, OpenJPEG, sharp) costs seconds.
 */
export const GROUPS: Record<string, () => Promise<{ commands: Command[] }>> = {
  up: () => import('./commands/up.ts'),
  demo: () => import('./commands/demo.ts'),
  server: () => import('./commands/server.ts'),
  admin: () => import('./commands/admin.ts'),
  ca: () => import('./commands/ca.ts'),
  iso: () => import('./commands/iso.ts'),
  'device-service': () => import('./commands/device-service.ts'),
  devices: () => import('./commands/devices.ts'),
  'management-server': () => import('./commands/management-server.ts'),
  verify: () => import('./commands/verify.ts'),
  conformance: () => import('./commands/conformance.ts'),
};

/**
 * The groups that start PGlite stores at once: PGlite's WebAssembly is compiled (on V8's background
 * threads) while their modules load, not after them (docs/performance.md).
 */
const PGLITE_GROUPS = new Set(['up', 'demo']);

async function loadCommands(groups: string[]): Promise<Command[]> {
  const modules = await Promise.all(groups.map((g) => GROUPS[g]?.() ?? Promise.resolve({ commands: [] })));
  return modules.flatMap((m) => m.commands);
}

function usage(allCommands: Command[], prefix = ''): string {
  const width = Math.max(...allCommands.map((c) => c.name.length));
  const lines = allCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `Usage: mosip-trust ${prefix ? `${prefix} ` : ''}<command> [options]`,
    '',
    'Commands:',
    ...lines,
    '',
    'Run "mosip-trust <command> --help" for the options of a command.',
    ...(prefix ? [] : ['Run "mosip-trust --version" for the version.']),
  ].join('\n');
}

/** The version of the CLI package (the repository's release). */
function version(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** Commands under the leading words of argv that are not options, e.g. "admin users" (a command group). */
function groupOf(
  allCommands: Command[],
  argv: string[],
): { prefix: string; commands: Command[] } | undefined {
  const words: string[] = [];
  for (const word of argv) {
    if (word.startsWith('-')) break;
    words.push(word);
  }
  if (words.length === 0) return undefined;
  const commands = allCommands.filter((c) => {
    const name = c.name.split(' ');
    return name.length > words.length && words.every((w, i) => name[i] === w);
  });
  return commands.length > 0 ? { prefix: words.join(' '), commands } : undefined;
}

/**
 * A reader that goes away (`mosip-trust ... | head`) makes writes fail with EPIPE: end quietly then,
 * as Unix filters do, instead of dying with a stack trace.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

/** Option mistakes end with the hint to the command's --help. */
function withHelpHint(message: string, name: string): string {
  return /(^|[\s(])--[a-z]/.test(message) ? `${message}\nRun "mosip-trust ${name} --help".` : message;
}

/** A port another process holds, said plainly (the trust server and the device service both bind one). */
function portInUse(e: unknown): string | undefined {
  const err = e as { code?: string; port?: number };
  if (err.code !== 'EADDRINUSE') return undefined;
  return err.port === undefined ? 'the port is in use' : `port ${err.port} is in use`;
}

/** Picks the command whose name matches the most leading words of argv. */
function findCommand(
  allCommands: Command[],
  argv: string[],
): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of allCommands) {
    const words = command.name.split(' ');
    if (
      words.every((w, i) => argv[i] === w) &&
      (!best || words.length > best.command.name.split(' ').length)
    ) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

export async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  endQuietlyOnClosedPipe();
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out(usage(await loadCommands(Object.keys(GROUPS))));
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version') {
    out(`mosip-trust ${version()}`);
    return 0;
  }
  const group = argv[0] ?? '';
  if (PGLITE_GROUPS.has(group) && !argv.includes('--help') && !argv.includes('-h'))
    pgliteArtifacts().catch(() => undefined); // a failure surfaces where a store opens
  const groupCommands = Object.hasOwn(GROUPS, group) ? await loadCommands([group]) : [];
  const found = findCommand(groupCommands, argv);
  const subGroup = found ? undefined : groupOf(groupCommands, argv);
  if (subGroup) {
    // A command group ("admin", "admin users", "ca"...): list its commands.
    const asked = argv.includes('--help') || argv.includes('-h');
    const text = usage(subGroup.commands, subGroup.prefix);
    if (asked) out(text);
    else err(`mosip-trust ${subGroup.prefix}: which command?\n\n${text}`);
    return asked ? 0 : 2;
  }
  if (!found) {
    err(
      `mosip-trust: unknown command "${argv.join(' ')}"\n\n${usage(await loadCommands(Object.keys(GROUPS)))}`,
    );
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`Usage: mosip-trust ${command.name} ${command.help}`);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (e) {
    err(`mosip-trust ${command.name}: ${(e as Error).message}\nRun "mosip-trust ${command.name} --help".`);
    return 2;
  }
  const maxPositionals = command.positionals?.length ?? 0;
  if (parsed.positionals.length > maxPositionals) {
    err(
      `mosip-trust ${command.name}: unexpected argument "${parsed.positionals[maxPositionals]}"\nRun "mosip-trust ${command.name} --help".`,
    );
    return 2;
  }
  // The signal handlers are installed only when a long-running command asks for them: a one-shot
  // command that is sent SIGTERM must die of it (and say so to its parent), not carry on and exit 0.
  let stopSignal: Promise<NodeJS.Signals> | undefined;
  const ctx: CommandContext = {
    values: parsed.values as CommandContext['values'],
    positionals: parsed.positionals,
    out,
    err,
    get stopSignal() {
      stopSignal ??= new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      return stopSignal;
    },
  };
  try {
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof CliError) {
      err(`mosip-trust ${command.name}: ${withHelpHint(e.message, command.name)}`);
      return e.exitCode;
    }
    const inUse = portInUse(e);
    if (inUse) {
      err(`mosip-trust ${command.name}: ${inUse}`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    err(`mosip-trust ${command.name}: ${code ? `${code}: ` : ''}${(e as Error).message ?? String(e)}`);
    return 1;
  }
}
