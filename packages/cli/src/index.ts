export { CliError, type Command, type CommandContext } from './command.ts';
export { main } from './main.ts';
