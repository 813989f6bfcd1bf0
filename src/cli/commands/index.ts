import type { Command } from 'commander';

/** Each command file exports `register(program)`; this list puts the CLI together. */
export const commands: ReadonlyArray<(program: Command) => void> = [];
