import type { TopLevelSpec } from 'vega-lite';
import { roundDeep } from './round.ts';
import { VEGA_LITE_SCHEMA, chartConfig } from './theme.ts';

/** Adds the schema and the shared config, and rounds every number to 6 significant digits. */
export function finishSpec(spec: Record<string, unknown>): TopLevelSpec {
  return roundDeep({ $schema: VEGA_LITE_SCHEMA, ...spec, config: chartConfig }) as TopLevelSpec;
}

/** A log axis when positive values span more than `ratio`×, else linear (a log axis hides small gaps). */
export function costScaleType(values: readonly number[], ratio = 30): 'log' | 'linear' {
  const positive = values.filter((v) => v > 0);
  if (positive.length !== values.length || positive.length < 2) return 'linear';
  return Math.max(...positive) / Math.min(...positive) > ratio ? 'log' : 'linear';
}
