/**
 * One error class per failure kind, each with the fields a caller needs to act on it.
 * Messages follow `<where>: expected <what>, got <value>` plus a remedy where there is one.
 * Only `src/cli/` turns these into output and exit codes.
 */
export class LabError extends Error {
  override readonly name: string = 'LabError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Where in a file a problem is; line and column are 1-based, column may be a column name. */
export interface FileLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
}

export function formatLocation(loc: FileLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.column !== undefined) s += ` (${loc.column})`;
  return s;
}

/** A trace, price table or side file that cannot be read as it stands. */
export class TraceFormatError extends LabError {
  override readonly name = 'TraceFormatError';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  /** Every problem found (up to the cap), the first of which is the message. */
  readonly problems: readonly string[];
  constructor(loc: FileLocation, detail: string, options?: { cause?: unknown; problems?: readonly string[] }) {
    super(`${formatLocation(loc)}: ${detail}`, options);
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.problems = options?.problems ?? [this.message];
  }
}

/** Where in a policy's life a failure happened: loading its file, `init`, `decide` (or its return), `observe`. */
export type PolicyPhase = 'load' | 'init' | 'decide' | 'observe';

/** A policy threw, returned something invalid, or named a model outside the catalog. */
export class PolicyError extends LabError {
  override readonly name = 'PolicyError';
  readonly policy: string;
  readonly requestId: string | undefined;
  readonly phase: PolicyPhase | undefined;
  /** What went wrong, without the policy and request (the message adds them). */
  readonly detail: string;
  constructor(
    policy: string,
    requestId: string | undefined,
    detail: string,
    options?: { cause?: unknown; phase?: PolicyPhase },
  ) {
    // A cause that already names the policy (a factory's ConfigError) is not prefixed twice.
    const own = detail.startsWith(`policy ${policy}: `) ? detail.slice(`policy ${policy}: `.length) : detail;
    const at = requestId === undefined ? '' : `, request ${requestId}`;
    // decide and observe failures say what the policy did ("decide threw: …"); init and load are named here.
    const phase = options?.phase === 'init' || options?.phase === 'load' ? `${options.phase} failed: ` : '';
    super(`policy ${policy}${at}: ${phase}${own}`, options);
    this.policy = policy;
    this.requestId = requestId;
    this.phase = options?.phase;
    this.detail = own;
  }
}

/** A flag, option, spec string or config value that does not make sense. */
export class ConfigError extends LabError {
  override readonly name = 'ConfigError';
  /** The flag (`--seed`), option or config path at fault, when one is. */
  readonly setting: string | undefined;
  constructor(message: string, options?: { cause?: unknown; setting?: string }) {
    super(message, options);
    this.setting = options?.setting;
  }
}

/** A saved model directory that is corrupt or does not fit the trace it is used on. */
export class ModelFileError extends LabError {
  override readonly name = 'ModelFileError';
  /** The model directory or file at fault, when one is known. */
  readonly file: string | undefined;
  constructor(message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options);
    this.file = options?.file;
  }
}

/** A run stopped at a resource budget the user set (or the default), e.g. a trace outgrowing --max-memory. */
export class ResourceLimitError extends LabError {
  override readonly name = 'ResourceLimitError';
}
