import type { Command } from 'commander';

/** The reading flags every command that takes traces has, worded once. */
export function withTraceOptions(cmd: Command): Command {
  return cmd
    .option(
      '--format <format>',
      'auto | csv | tsv | jsonl | parquet | wide | openrouter | litellm | otel | langfuse (gateway logs)',
      'auto',
    )
    .option('--lenient', 'skip bad rows and count each as a warning instead of failing')
    .option('--max-memory <MB>', "stop reading once the trace's estimated size passes this (default: half the RAM)")
    .option(
      '--engine <engine>',
      'reader: auto (default: DuckDB for CSV/TSV/Parquet traces where it loads, else JS) | duckdb | js',
      'auto',
    );
}

/** Where policies that learn offline get their training data, and the seed, as replay and sweep take them. */
export function withTrainingOptions(cmd: Command): Command {
  return cmd
    .option('--train <trace>', 'training trace for policies that learn offline (best-prior, knn, fastest, …)')
    .option(
      '--split <fraction>',
      'hold out this fraction of requests (by request, stratified by task) as training data',
    )
    .option('--seed <n>', 'seed for splits, sampling and bootstrap', '0');
}
