import type { Command } from 'commander';
import { builtinRegistry } from '../../../policies/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { replayQuery } from '../../metrics/sql-replay.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';
import { sqlPolicy } from '../../replay/sql-policy.ts';

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('print the replay of a pure row-function policy as one ANSI SQL query (Spark SQL, Trino, BigQuery)')
    .requiredOption('--policy <spec>', 'always:<model>, weighted:a=0.7,b=0.3 or threshold:<column>?strong=…&weak=…')
    .option('--table <name>', 'the table holding the trace (one row per request × model)', 'trace')
    .option('--seed <n>', 'seed of the hashed draws (as replay --seed)', '0')
    .action(async (flags: { policy: string; table: string; seed: string }) => {
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new ConfigError(`--seed: expected an integer, got "${flags.seed}"`);
      const policy = await resolvePolicy(flags.policy, builtinRegistry());
      const sql = sqlPolicy(flags.policy, policy.name, seed, 'ansi');
      if (typeof sql === 'string') throw new ConfigError(`sql --policy ${flags.policy}: ${sql}`);
      process.stdout.write(
        `-- routelab replay of ${policy.name} (seed ${seed}) over ${flags.table}; ANSI SQL, see README "Scale"\n` +
          `${replayQuery(sql, flags.table, 'ansi')};\n`,
      );
    });
}
