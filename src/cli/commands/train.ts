import type { Command } from 'commander';
import { withTraceOptions } from '../common-flags.ts';
import type { TrainFlags } from './train-run.ts';
import { checkOutputPaths } from '../output-paths.ts';

export function register(program: Command): void {
  const cmd = program
    .command('train')
    .description(
      'train a learned router (TF.js quality predictor) on a full-information trace; ' +
        'evaluate it on held-out requests',
    )
    .argument('<trace...>', 'full-information trace files')
    .requiredOption('--out <dir>', 'model directory to write, e.g. models/my-router')
    .option('--arch <arch>', 'logistic (sparse L-BFGS, L2 chosen on validation) | mlp (TF.js)', 'logistic')
    .option('--models <list>', 'candidate models, comma-separated (default: all)')
    .option('--target-cost <usd>', 'calibrate λ to this mean cost per request (USD)')
    .option('--target-quality <q>', 'calibrate λ to reach this mean quality as cheaply as possible')
    .option('--max-share <model=fraction>', 'calibrate λ so <model> gets at most this share of requests')
    .option('--lambda <λ>', 'use this λ (quality per USD) directly')
    .option('--epochs <n>', 'mlp: maximum epochs (early stopping may end sooner)', '30')
    .option('--seed <n>', 'seed for the split, initialisation and shuffling', '0')
    .option('--prompt-tail <chars>', 'featurise only the last N characters of each prompt')
    .option('--tags <list>', 'categorical columns to one-hot, e.g. task,lang')
    .option('--embeddings <file>', 'JSONL or Parquet side file of request_id → embedding')
    .option('--embedding-column <tag>', 'tag column holding a JSON-array embedding per request')
    .option('--hash-bits <n>', 'hashed n-gram space of 2^n slots', '14')
    .option('--hidden <list>', 'hidden layer widths for mlp, e.g. 64 or 128,32', '64')
    .option('--calibration <type>', 'temperature | isotonic | none', 'temperature')
    .option('--class-weight <mode>', 'none | balanced', 'none')
    .option('--threshold <q>', 'quality ≥ threshold counts as success (graded quality)', '0.5')
    .option('--backend <name>', 'auto | wasm | cpu | tensorflow', 'auto')
    .option('--weak <model>', 'weak model of the APGR pair (default: the cheapest candidate)')
    .option('--strong <model>', 'strong model of the APGR pair (default: the best candidate on the test split)')
    .option('--eval <trace>', 'also evaluate the trained router on another trace')
    .option('--prices <table>', 'price table for rows without cost_usd')
    .option('--json <file>', 'write the evaluation as JSON (- for stdout)');
  withTraceOptions(cmd).action(async (paths: string[], f: TrainFlags) => {
    checkOutputPaths(f);
    // TF.js is slow to load: only `routelab train` pays for it, not every command's start-up.
    const { runTrain } = await import('./train-run.ts');
    await runTrain(paths, f);
  });
}
