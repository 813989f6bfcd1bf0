import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerMerge } from './merge.ts';
import { register as registerReport } from './report.ts';
import { registerReplay } from './replay.ts';
import { registerSql } from './sql.ts';
import { registerSweep } from './sweep.ts';
import { register as registerTrain } from './train.ts';
import { registerValidate } from './validate.ts';

/** Each command file exports a `register(program)`; this list puts the CLI together, in help order. */
export const commands: ReadonlyArray<(program: Command) => void> = [
  registerValidate,
  registerReplay,
  registerMerge,
  registerSql,
  registerSweep,
  registerTrain,
  registerReport,
  registerDemo,
];
