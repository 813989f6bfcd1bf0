/** The SQL form of a `learned:<dir>` spec over precomputed predictions (learn/sql-learned.ts), settled as its init. */
import { learnedRoute, learnedTarget } from '../../policies/learned.ts';
import { learnedSqlPolicy } from '../learn/sql-learned.ts';
import { parseSpec } from '../policy/spec.ts';
import type { SqlDialect } from '../replay/sql-dialect.ts';
import type { SqlPolicy } from '../replay/sql-policy.ts';

/**
 * The SQL policy of a learned spec reading `predictions`, or undefined when the spec is not `learned:`.
 * `candidates` are the trace's models when known (checked as the policy's init checks them).
 */
export async function learnedSql(
  spec: string,
  name: string,
  dialect: SqlDialect,
  predictions: string,
  candidates?: readonly string[],
): Promise<SqlPolicy | undefined> {
  const s = parseSpec(spec);
  if (s.kind !== 'builtin' || s.name !== 'learned') return undefined;
  const route = await learnedRoute(s.arg, s.options, name, learnedTarget(name, s.options), candidates);
  return learnedSqlPolicy(name, route, predictions, dialect);
}
