import {
  ConfigError,
  checkKnownOptions,
  numberOption,
  requireModel,
  requiredOption,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/**
 * `Number(raw)` for the plain decimals score columns hold ("0.537", "-12", "3."), in a few ns instead of
 * the ~40–90 of a runtime string-to-number call: up to 15 digits form an integer mantissa below 2^53 and
 * 10^(fraction digits) ≤ 10^15 is exact, so one IEEE division rounds correctly — the same double
 * `Number` returns (Clinger's fast path). Anything else (exponents, spaces, more digits, "") goes to `Number`.
 */
export function parseScore(raw: string): number {
  const n = raw.length;
  let i = 0,
    negative = false;
  const first = n > 0 ? raw.charCodeAt(0) : 0;
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  let mantissa = 0,
    digits = 0,
    fraction = 0,
    dot = false;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (dot) fraction++;
    } else if (c === 46 /* . */ && !dot) {
      dot = true;
    } else {
      return Number(raw);
    }
  }
  if (digits === 0 || digits > 15) return Number(raw);
  const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
  return negative ? -value : value;
}

const POWERS_OF_TEN = Float64Array.from({ length: 16 }, (_, k) => Number(`1e${k}`));

/**
 * `threshold:<column>?strong=<m>&weak=<m>&threshold=0.5` — route to the strong model when the request's
 * score column (e.g. an external router's predicted win rate) is ≥ threshold, else to the weak one. A
 * request without a numeric score fails the run rather than being guessed.
 */
export function thresholdPolicy(column: string, strong: string, weak: string, threshold: number): Policy {
  const name = specName('threshold', column, { strong, weak, threshold: String(threshold) });
  const toStrong: Decision = { type: 'model', model: strong };
  const toWeak: Decision = { type: 'model', model: weak };
  return {
    name,
    init: ({ catalog }) => {
      requireModel(name, catalog, strong);
      requireModel(name, catalog, weak);
    },
    decide: (req) => {
      const raw = req.tags[column];
      const score = raw === undefined || raw === '' ? NaN : parseScore(raw);
      if (Number.isNaN(score)) {
        const where = Object.hasOwn(req.tags, column)
          ? `has ${JSON.stringify(raw ?? '')}`
          : `is not a column of the trace (columns: ${Object.keys(req.tags).join(', ') || 'none'})`;
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
    if (arg === '')
      throw new ConfigError(
        'policy threshold: expected a score column, e.g. threshold:router_score?strong=gpt-4o&weak=gpt-4o-mini',
      );
    checkKnownOptions('threshold', options, ['strong', 'weak', 'threshold']);
    const strong = requiredOption('threshold', options, 'strong', `threshold:${arg}?strong=gpt-4o&weak=gpt-4o-mini`);
    const weak = requiredOption('threshold', options, 'weak', `threshold:${arg}?strong=gpt-4o&weak=gpt-4o-mini`);
    return thresholdPolicy(arg, strong, weak, numberOption('threshold', options, 'threshold', 0.5, { infinite: true }));
  },
};
