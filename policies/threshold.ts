import { ConfigError } from '../src/core/errors.ts';
import { checkKnownOptions, numberOption, requiredOption, specName } from '../src/policy/options.ts';
import type { PolicyDefinition } from '../src/policy/registry.ts';
import { requireModel } from '../src/policy/require-model.ts';
import type { Decision, Policy } from '../src/policy/types.ts';

/** Distinct score strings kept parsed; past this the cache starts over (memory stays bounded). */
const PARSED_MAX = 1 << 16;

/**
 * `threshold:<column>?strong=<m>&weak=<m>&threshold=0.5` — route to the strong model when the request's
 * score column (e.g. an external router's predicted win rate) is ≥ threshold, else to the weak one. A
 * request without a numeric score fails the run rather than being guessed.
 */
export function thresholdPolicy(column: string, strong: string, weak: string, threshold: number): Policy {
  const name = specName('threshold', column, { strong, weak, threshold: String(threshold) });
  const toStrong: Decision = { type: 'model', model: strong };
  const toWeak: Decision = { type: 'model', model: weak };
  const parsed = new Map<string, number>();
  return {
    name,
    init: ({ catalog }) => {
      requireModel(name, catalog, strong);
      requireModel(name, catalog, weak);
    },
    decide: (req) => {
      const raw = req.tags[column];
      // Parsing a decimal string costs ~90 ns and a Map hit ~20: score columns usually repeat a few
      // thousand distinct strings (rounded scores), so each is parsed once.
      let score = raw === undefined ? undefined : parsed.get(raw);
      if (score === undefined) {
        score = raw === undefined || raw === '' ? NaN : Number(raw);
        if (raw !== undefined) {
          if (parsed.size >= PARSED_MAX) parsed.clear();
          parsed.set(raw, score);
        }
      }
      if (Number.isNaN(score)) {
        const where = Object.hasOwn(req.tags, column) ? `has ${JSON.stringify(raw ?? '')}` : `is not a column of the trace (columns: ${Object.keys(req.tags).join(', ') || 'none'})`;
        throw new ConfigError(`score column "${column}" expected a number, ${where}`);
      }
      return score >= threshold ? toStrong : toWeak;
    },
    // Sweeping the threshold only moves the cut through the same scores.
    twoModelScores: (trace, param) => {
      if (param !== 'threshold') return undefined;
      const tag = trace.tags.find((t) => t.name === column);
      if (!tag) return undefined;
      const parsed = tag.values.map((v) => (v === '' ? NaN : Number(v)));
      const score = new Float64Array(trace.requestCount);
      for (let r = 0; r < trace.requestCount; r++) {
        const c = tag.codes[trace.requestRowStart[r]!]!;
        const s = c < 0 ? NaN : parsed[c]!;
        if (Number.isNaN(s)) return undefined;
        score[r] = s;
      }
      return { strong, weak, score };
    },
  };
}

export const threshold: PolicyDefinition = {
  name: 'threshold',
  usage: 'threshold:<score-column>?strong=<model>&weak=<model>[&threshold=0.5]',
  factory: (options, arg) => {
    if (arg === '') throw new ConfigError('policy threshold: expected a score column, e.g. threshold:router_score?strong=gpt-4o&weak=gpt-4o-mini');
    checkKnownOptions('threshold', options, ['strong', 'weak', 'threshold']);
    const strong = requiredOption('threshold', options, 'strong', `threshold:${arg}?strong=gpt-4o&weak=gpt-4o-mini`);
    const weak = requiredOption('threshold', options, 'weak', `threshold:${arg}?strong=gpt-4o&weak=gpt-4o-mini`);
    return thresholdPolicy(arg, strong, weak, numberOption('threshold', options, 'threshold', 0.5, { infinite: true }));
  },
};
