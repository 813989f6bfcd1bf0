/**
 * The policy kit — `import … from 'routelab/policy'`: everything a routing policy needs, and nothing that
 * loads the built-ins (they import this entry, so re-exporting them here would be a cycle). The built-in
 * policies in `policies/` use only this entry and `routelab/learn`: each is an example of a user's policy.
 */
export { ConfigError, LabError, PolicyError } from '../core/errors.ts';
export { createRng, hashString, type Rng } from '../core/rng.ts';
export type { PriceEntry } from '../traces/price-types.ts';
export { tagNumbers } from '../traces/tag-numbers.ts';
export type { Trace } from '../traces/trace.ts';
export type { GatewayView, ProviderView } from './gateway-view.ts';
export { type CostSource, expectedCost, expectedCostUsd } from './expected-cost.ts';
export { type ModelMeans, modelMeans } from './model-means.ts';
export { checkKnownOptions, integerOption, numberOption, type Options, requiredOption, specName } from './options.ts';
export { type PolicyDefinition, PolicyRegistry } from './registry.ts';
export { requireModel, requireTrain } from './require-model.ts';
export { sharedValue } from './shared-cache.ts';
export type {
  AcceptRule,
  CatalogModel,
  DecideContext,
  Decision,
  Feedback,
  Policy,
  PolicyFactory,
  PolicyInit,
  RequestView,
  TwoModelScores,
} from './types.ts';
