import { parseArgs } from 'node:util';
import { CliError, type Command, type CommandContext } from './command.ts';
import { commands as adminCommands } from './commands/admin.ts';
import { commands as caCommands } from './commands/ca.ts';
import { commands as deviceServiceCommands } from './commands/device-service.ts';
import { commands as devicesCommands } from './commands/devices.ts';
import { commands as isoCommands } from './commands/iso.ts';
import { commands as serverCommands } from './commands/server.ts';

/** Every command group registers here; each lives in its own module under commands/. */
const allCommands: Command[] = [
  ...adminCommands,
  ...serverCommands,
  ...caCommands,
  ...deviceServiceCommands,
  ...devicesCommands,
  ...isoCommands,
];

function usage(): string {
  const width = Math.max(...allCommands.map((c) => c.name.length));
  const lines = allCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: mosip-trust <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "mosip-trust <command> --help" for the options of a command.',
  ].join('\n');
}

/** Picks the command whose name matches the most leading words of argv. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
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
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out(usage());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    err(`mosip-trust: unknown command "${argv.join(' ')}"\n\n${usage()}`);
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
    err(`mosip-trust ${command.name}: unexpected argument "${parsed.positionals[maxPositionals]}"`);
    return 2;
  }
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const ctx: CommandContext = {
    values: parsed.values as CommandContext['values'],
    positionals: parsed.positionals,
    out,
    err,
    stopSignal,
  };
  try {
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof CliError) {
      err(`mosip-trust ${command.name}: ${e.message}`);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    err(`mosip-trust ${command.name}: ${code ? `${code}: ` : ''}${(e as Error).message ?? String(e)}`);
    return 1;
  }
}
