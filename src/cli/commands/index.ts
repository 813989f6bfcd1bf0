import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerImportBatch } from './import-batch.ts';
import { registerPlan } from './plan.ts';
import { register as registerReport } from './report.ts';
import { registerReplay } from './replay.ts';
import { registerSimulate } from './simulate.ts';
import { registerMerge } from './merge.ts';
import { registerSql } from './sql.ts';
import { registerScore } from './score.ts';
import { registerSweep } from './sweep.ts';
import { register as registerTrain } from './train.ts';
import { registerValidate } from './validate.ts';

/** Each command file exports a `register(program)`; this list puts the CLI together, in help order. */
export const commands: ReadonlyArray<(program: Command) => void> = [
  registerValidate,
  registerReplay,
  registerMerge,
  registerSql,
  registerScore,
  registerSweep,
  registerSimulate,
  registerTrain,
  registerReport,
  registerPlan,
  registerImportBatch,
  registerDemo,
];
