/**
 * The learning kit — `import … from 'routelab/learn'`: what a policy needs to route with a saved model or
 * with prompt similarity. TF.js loads only when a model is loaded (`loadModelDir`), not when this entry is
 * imported: a replay without a learned router never pays TF.js's start-up.
 */
import type { LoadedModel } from './model-dir.ts';

export { HashedTfidf, type SparseVector } from './features/hashed-tfidf.ts';
export { NearestPrompts } from './features/nearest-prompts.ts';
export { NeighbourMemo, sharedNearestPrompts } from './features/shared-nearest.ts';
export { checkCandidates, type Manifest } from './manifest.ts';
export type { LoadedModel } from './model-dir.ts';
export type { Predictor } from './predictor.ts';
export { sharedPredictor } from './prediction-memo.ts';
export { calibrateLambda, parseMaxShare, type RouteTarget, routeIndex } from './route.ts';

/** A model directory written by `routelab train`, loaded with its predictor; ModelFileError when it is not one. */
export async function loadModelDir(dir: string, options: { embeddingsFile?: string } = {}): Promise<LoadedModel> {
  const { loadModelDir: load } = await import('./model-dir.ts');
  return load(dir, options);
}
