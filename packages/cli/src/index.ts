export { main } from './main.ts';
export { CliError, type Command, type CommandContext } from './command.ts';
