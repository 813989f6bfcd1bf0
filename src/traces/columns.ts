import type { RowInput } from './builder.ts';
import type { NumericKey } from './row-input.ts';
import { LOOKS_LIKE_SECONDS, NOT_A_NUMBER, parseTimestamp, toBooleanNumber, toNumber, toText } from './parse-values.ts';
import { CANONICAL_COLUMNS, STATUSES } from './trace.ts';
import type { CanonicalColumn, Status } from './trace.ts';

/** What a cell should have held, and what to do about it; becomes `expected <what>, got <value>; <remedy>`. */
export interface Expectation {
  readonly what: string;
  readonly remedy?: string;
}

/**
 * Validates one cell and stores it in the row; returns an Expectation when the cell is malformed.
 * Every handler writes its field on every call (empty → absent), so one RowInput can be reused per file.
 */
export type CellHandler = (value: unknown, row: RowInput) => Expectation | undefined;

/**
 * Optional column (not in docs/ARCHITECTURE.md, "The trace"'s table) marking token counts that came from a
 * tokenizer.
 */
export const TOKENS_ESTIMATED_COLUMN = 'tokens_estimated';

const NON_EMPTY_ID: Expectation = { what: 'a non-empty id', remedy: 'every row needs a request_id and a model' };
const COUNT: Expectation = { what: 'a non-negative integer', remedy: 'leave the cell empty when the count is unknown' };
const AMOUNT: Expectation = { what: 'a non-negative number', remedy: 'leave the cell empty when the value is unknown' };
const QUALITY: Expectation = {
  what: 'a number in [0,1] or true/false',
  remedy: 'normalise scores to [0,1] (e.g. divide a 1–10 judge score by 10)',
};
const PROPENSITY: Expectation = {
  what: 'a probability in (0,1]',
  remedy: 'log the probability the logging router gave the chosen model',
};
const STATUS: Expectation = { what: `one of ${STATUSES.join(', ')} (empty = ok)` };
const ATTEMPT: Expectation = {
  what: 'an integer >= 1',
  remedy: 'number retries of one request on one model 1, 2, 3, ...',
};
const TIMESTAMP: Expectation = {
  what: 'an ISO-8601 time (2024-05-01T12:00:00Z) or epoch milliseconds',
  remedy: 'times without a zone are read as UTC',
};
const SECONDS: Expectation = {
  what: 'epoch milliseconds',
  remedy: 'this looks like epoch seconds; multiply by 1000',
};
const FLAG: Expectation = { what: '0, 1, true or false' };

function id(key: 'requestId' | 'model'): CellHandler {
  return (v, row) => {
    const s = typeof v === 'string' ? v : toText(v);
    row[key] = s;
    return s === '' ? NON_EMPTY_ID : undefined;
  };
}

function optionalText(key: 'prompt' | 'task'): CellHandler {
  return (v, row) => {
    const s = typeof v === 'string' ? v : toText(v);
    row[key] = s === '' ? undefined : s;
    return undefined;
  };
}

function count(key: NumericKey): CellHandler {
  return (v, row) => {
    const n = toNumber(v);
    if (n === NOT_A_NUMBER || n < 0 || (n === n && !Number.isInteger(n))) {
      row[key] = NaN;
      return COUNT;
    }
    row[key] = n;
    return undefined;
  };
}

function amount(key: NumericKey): CellHandler {
  return (v, row) => {
    const n = toNumber(v);
    if (n === NOT_A_NUMBER || n < 0) {
      row[key] = NaN;
      return AMOUNT;
    }
    row[key] = n;
    return undefined;
  };
}

/** quality: a number in [0,1], or a boolean (RouteLLM's files record correctness as True/False). */
export const qualityHandler: CellHandler = (v, row) => {
  let n = toNumber(v);
  if (n === NOT_A_NUMBER) n = toBooleanNumber(v) ?? NOT_A_NUMBER;
  if (n === NOT_A_NUMBER || n < 0 || n > 1) {
    row.quality = NaN;
    return QUALITY;
  }
  row.quality = n;
  return undefined;
};

const propensity: CellHandler = (v, row) => {
  const n = toNumber(v);
  if (n === NOT_A_NUMBER || n <= 0 || n > 1) {
    row.propensity = NaN;
    return PROPENSITY;
  }
  row.propensity = n;
  return undefined;
};

const status: CellHandler = (v, row) => {
  const s = typeof v === 'string' ? v : toText(v);
  if (s === '' || s === 'ok') {
    row.status = 'ok';
    return undefined;
  }
  if (!(STATUSES as readonly string[]).includes(s)) return STATUS;
  row.status = s as Status;
  return undefined;
};

const attempt: CellHandler = (v, row) => {
  const n = toNumber(v);
  if (n !== n) {
    row.attempt = 1;
    return undefined;
  }
  if (n === NOT_A_NUMBER || n < 1 || !Number.isInteger(n)) return ATTEMPT;
  row.attempt = n;
  return undefined;
};

// Rows of one request usually repeat its timestamp, so the last parse is remembered.
let lastTimestampCell: unknown;
let lastTimestamp: ReturnType<typeof parseTimestamp> = NaN;

const timestamp: CellHandler = (v, row) => {
  if (v !== lastTimestampCell || typeof v === 'object') {
    lastTimestampCell = v;
    lastTimestamp = parseTimestamp(v);
  }
  const t = lastTimestamp;
  if (typeof t === 'number') {
    row.timestampMs = t;
    return undefined;
  }
  row.timestampMs = NaN;
  return t === LOOKS_LIKE_SECONDS ? SECONDS : TIMESTAMP;
};

const tokensEstimated: CellHandler = (v, row) => {
  const n = toBooleanNumber(v) ?? toNumber(v);
  if (n !== n) {
    row.tokensEstimated = false;
    return undefined;
  }
  if (n !== 0 && n !== 1) return FLAG;
  row.tokensEstimated = n === 1;
  return undefined;
};

const CANONICAL_HANDLERS: Record<CanonicalColumn, CellHandler> = {
  request_id: id('requestId'),
  model: id('model'),
  timestamp,
  prompt: optionalText('prompt'),
  task: optionalText('task'),
  quality: qualityHandler,
  input_tokens: count('inputTokens'),
  output_tokens: count('outputTokens'),
  reasoning_tokens: count('reasoningTokens'),
  cached_input_tokens: count('cachedInputTokens'),
  cost_usd: amount('costUsd'),
  latency_ms: amount('latencyMs'),
  ttft_ms: amount('ttftMs'),
  status,
  propensity,
  attempt,
};

/** Non-negative amount parser for importers (e.g. a wide file's `<model>|total_cost`). */
export const costHandler: CellHandler = amount('costUsd');

export function isCanonical(name: string): name is CanonicalColumn {
  return (CANONICAL_COLUMNS as readonly string[]).includes(name);
}

/** The handler for a column name: canonical, the tokens_estimated flag, or a tag kept as text. */
export function columnHandler(name: string): CellHandler {
  if (isCanonical(name)) return CANONICAL_HANDLERS[name];
  if (name === TOKENS_ESTIMATED_COLUMN) return tokensEstimated;
  return (v, row) => {
    row.tags![name] = typeof v === 'string' ? v : toText(v);
    return undefined;
  };
}
