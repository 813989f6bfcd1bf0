import { ConfigError } from '../core/errors.ts';
import { splitByRequest } from '../replay/split.ts';
import type { Trace } from '../traces/trace.ts';
import { loadTrace, type TraceFlags } from './load.ts';

/**
 * The trace to replay and the trace policies learn from: `--train <file>` reads a separate one, `--split f`
 * holds out a seeded fraction of requests for training (stratified by task), and without either the
 * policies that need training data say so.
 */
export async function trainAndTest(
  trace: Trace,
  flags: TraceFlags & { train?: string | undefined; split?: number | undefined; seed: number },
): Promise<{ test: Trace; train: Trace | undefined }> {
  if (flags.train !== undefined && flags.split !== undefined) {
    throw new ConfigError('--train and --split both given: use one source of training data');
  }
  if (flags.train !== undefined) {
    const { trace: train } = await loadTrace([flags.train], flags, true);
    return { test: trace, train };
  }
  if (flags.split !== undefined) {
    const { train, test } = splitByRequest(trace, flags.split, flags.seed);
    return { test, train };
  }
  return { test: trace, train: undefined };
}
