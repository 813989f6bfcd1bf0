import { ConfigError } from '../core/errors.ts';
import type { CatalogModel } from './types.ts';

/** Index of `model` in the catalog, or a ConfigError naming the policy and listing the trace's models. */
export function requireModel(policy: string, catalog: readonly CatalogModel[], model: string): number {
  const i = catalog.findIndex((c) => c.model === model);
  if (i < 0) {
    const names = catalog.map((c) => c.model);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} in all)` : names.join(', ');
    throw new ConfigError(`policy ${policy}: model "${model}" is not in the trace; its models are ${shown}`);
  }
  return i;
}

/** A training trace, or a ConfigError saying how to give one. */
export function requireTrain<T>(policy: string, train: T | undefined): T {
  if (train === undefined) {
    throw new ConfigError(
      `policy ${policy}: needs a training trace; pass --train <trace> or --split <fraction> --seed <n>`,
    );
  }
  return train;
}
