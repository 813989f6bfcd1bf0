import type { Command } from 'commander';
import { builtinRegistry } from '../../../policies/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { replayQuery } from '../../metrics/sql-replay.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';
import { SQL_DIALECTS, type SqlDialect } from '../../replay/sql-dialect.ts';
import { sqlPolicy } from '../../replay/sql-policy.ts';
import { learnedSql } from '../sql-learned.ts';

interface SqlFlags {
  policy: string;
  table: string;
  trainTable?: string;
  scoresTable?: string;
  dialect: string;
  seed: string;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('print the replay of a policy as one SQL query (ANSI, or for Trino, Spark SQL, BigQuery; docs/sql.md)')
    .requiredOption(
      '--policy <spec>',
      'always:<model>, weighted:a=0.7,b=0.3, threshold:<column>?strong=…&weak=…, cheapest, best-prior, or ' +
        'learned:<dir> with --scores-table',
    )
    .option('--table <name>', 'the table holding the trace (one row per request × model, columns as text)', 'trace')
    .option('--train-table <name>', 'the table of training rows for per-model statistics (cheapest, best-prior)')
    .option('--scores-table <name>', 'predictions of a learned policy (request_id, model, predicted_quality)')
    .option('--dialect <name>', `SQL dialect: ${SQL_DIALECTS.join(', ')}`, 'ansi')
    .option('--seed <n>', 'seed of the hashed draws (as replay --seed)', '0')
    .action(async (flags: SqlFlags) => {
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new ConfigError(`--seed: expected an integer, got "${flags.seed}"`);
      if (!SQL_DIALECTS.includes(flags.dialect as SqlDialect))
        throw new ConfigError(`--dialect: expected one of ${SQL_DIALECTS.join(', ')}, got "${flags.dialect}"`);
      const dialect = flags.dialect as SqlDialect;
      const policy = await resolvePolicy(flags.policy, builtinRegistry());
      const train = flags.trainTable !== undefined;
      const learned =
        flags.scoresTable === undefined
          ? undefined
          : await learnedSql(flags.policy, policy.name, dialect, flags.scoresTable);
      const sql = learned ?? sqlPolicy(flags.policy, policy.name, seed, dialect, { train });
      if (typeof sql === 'string') throw new ConfigError(`sql --policy ${flags.policy}: ${sql}`);
      const query = replayQuery(
        sql,
        flags.table,
        dialect,
        undefined,
        train ? { source: flags.trainTable! } : undefined,
      );
      process.stdout.write(
        `-- routelab replay of ${policy.name} (seed ${seed}) over ${flags.table}; ${dialect} SQL, see docs/sql.md\n` +
          `${query};\n`,
      );
    });
}
