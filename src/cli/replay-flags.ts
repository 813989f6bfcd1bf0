/** The flags of `routelab replay`, as commander hands them over (validated by flag-schemas.ts). */
export interface ReplayFlags {
  policy: string[];
  baseline?: string;
  train?: string;
  split?: string;
  seed?: string;
  prices?: string;
  by?: string;
  json?: string;
  csv?: string;
  report?: string;
  format?: string;
  lenient?: boolean;
  resamples?: string;
  policyTimeout?: string;
  policyMemory?: string;
  lengths?: string;
  engine?: string;
  shard?: string;
  workers?: string;
  scores?: string;
  chunkRequests?: string;
  maxMemory?: string;
}
