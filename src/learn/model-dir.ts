/**
 * A model directory on disk:
 *   model.json        tf.layers topology + weights manifest (standard TF.js format)
 *   weights.bin       float32 weights
 *   idf.bin           float32 IDF vector of the hashed features
 *   calibration.bin   float64 [3 × n × M]: held-out predictions, recorded quality, recorded cost
 *                     (so a target given at replay time re-calibrates λ without the training trace)
 *   knn.bin           only when the router blends with knn: see knn-store-file.ts
 *   manifest.json     see manifest.ts
 * Saved and loaded through custom tf.io handlers (plain tfjs has no file:// on Node); written into a
 * temp directory renamed into place, so a crash never leaves half a model.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toJson } from '../core/atomic-write.ts';
import { ModelFileError } from '../core/errors.ts';
import { ensureBackend } from './backend.ts';
import type { EmbeddingTable } from './features/embeddings.ts';
import { readEmbeddingFile } from './features/embeddings.ts';
import { Featurizer } from './features/featurizer.ts';
import { manifestSchema, type Manifest } from './manifest.ts';
import { extractWeights, type DenseWeights } from './model.ts';
import { networkPredictor, type Predictor } from './predictor.ts';
import { blendedPredictor, type KnnStore } from './knn-blend.ts';
import { decodeKnnStore, encodeKnnStore } from './knn-store-file.ts';
import type { CalibrationSet } from './route.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const asBytes = (a: Float32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export interface ModelParts {
  readonly net: tf.LayersModel;
  readonly idf: Float32Array;
  readonly calibrationSet: CalibrationSet;
  /** Manifest without `files` (filled in here). */
  readonly manifest: Omit<Manifest, 'files'>;
  /** The neighbours of a knn blend (manifest.knn describes them). */
  readonly knn?: KnnStore;
}

/** Writes the model directory atomically; returns the final manifest. */
export async function saveModelDir(dir: string, parts: ModelParts): Promise<Manifest> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await parts.net.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  const a = artifacts!;
  const chunks = Array.isArray(a.weightData) ? a.weightData : [a.weightData!];
  const weights = new Uint8Array(chunks.reduce((s, c) => s + c.byteLength, 0));
  let off = 0;
  for (const c of chunks) {
    weights.set(new Uint8Array(c), off);
    off += c.byteLength;
  }
  const cs = parts.calibrationSet;
  const calib = new Float64Array(cs.prob.length * 3);
  calib.set(cs.prob, 0);
  calib.set(cs.quality, cs.prob.length);
  calib.set(cs.costUsd, 2 * cs.prob.length);
  const files: Record<string, Uint8Array> = {
    'weights.bin': weights,
    'idf.bin': asBytes(parts.idf),
    'calibration.bin': asBytes(calib),
    ...(parts.knn ? { 'knn.bin': asBytes(encodeKnnStore(parts.knn)) } : {}),
  };
  const manifest: Manifest = {
    ...parts.manifest,
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, sha256(v)])),
  };
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };

  const tmp = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, data] of Object.entries(files)) await writeFile(join(tmp, name), data);
    await writeFile(join(tmp, 'model.json'), toJson(modelJson));
    await writeFile(join(tmp, 'manifest.json'), toJson(manifest));
    const old = `${tmp}.old`;
    await rename(dir, old).catch(() => undefined);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return manifest;
}

export interface LoadedModel {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly featurizer: Featurizer;
  readonly layers: readonly DenseWeights[];
  readonly calibrationSet: CalibrationSet;
  predictor(): Predictor;
}

const REMEDY = 'retrain it with `routelab train … --out <dir>` or restore the directory from a copy';

async function readPart(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (err) {
    throw modelFileError(
      join(dir, name),
      `: expected a model file, got ${(err as NodeJS.ErrnoException).code ?? 'a read error'}`,
      err,
    );
  }
}

function parseJson(dir: string, name: string, buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw modelFileError(join(dir, name), `: expected JSON, got unparseable text`, err);
  }
}

/** Reads and checks a model directory; every problem names the file and the remedy. */
export async function loadModelDir(dir: string, options: { embeddingsFile?: string } = {}): Promise<LoadedModel> {
  const parsed = manifestSchema.safeParse(parseJson(dir, 'manifest.json', await readPart(dir, 'manifest.json')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw modelFileError(join(dir, 'manifest.json'), ` (${issue.path.join('.')}): ${issue.message}`);
  }
  const manifest = parsed.data;
  const bin: Record<string, Buffer> = {};
  for (const name of ['weights.bin', 'idf.bin', 'calibration.bin', ...(manifest.knn ? ['knn.bin'] : [])]) {
    const b = await readPart(dir, name);
    if (manifest.files[name] !== sha256(b))
      throw modelFileError(
        join(dir, name),
        `: expected the file the manifest records (SHA-256 ${manifest.files[name]?.slice(0, 12)}…), got ` +
          `different contents (corrupted or edited)`,
      );
    bin[name] = b;
  }
  const modelJson = parseJson(dir, 'model.json', await readPart(dir, 'model.json')) as {
    modelTopology?: object;
    weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs = modelJson.weightsManifest?.[0]?.weights;
  if (!modelJson.modelTopology || !specs)
    throw modelFileError(join(dir, 'model.json'), `: expected modelTopology and weightsManifest, got neither`);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1) * 4, 0);
  const wb = bin['weights.bin']!;
  if (wb.byteLength !== expected)
    throw modelFileError(
      join(dir, 'weights.bin'),
      `: expected ${expected} bytes for the shapes in model.json, got ${wb.byteLength}`,
    );
  let net: tf.LayersModel;
  try {
    const weightData = wb.buffer.slice(wb.byteOffset, wb.byteOffset + wb.byteLength) as ArrayBuffer;
    await ensureBackend();
    net = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }),
    );
  } catch (err) {
    throw modelFileError(
      join(dir, 'model.json'),
      `: expected a TF.js layers model, got ${(err as Error).message}`,
      err,
    );
  }
  const layers = extractWeights(net);
  net.dispose();
  const M = manifest.models.length;
  const last = layers[layers.length - 1]!;
  if (last.outDim !== M || layers[0]!.inDim !== manifest.network.inputDim) {
    throw modelFileError(
      join(dir, 'model.json'),
      `: expected a network ${manifest.network.inputDim} → ${M}, got ${layers[0]!.inDim} → ${last.outDim}`,
    );
  }
  const idfBuf = bin['idf.bin']!;
  const idf = new Float32Array(idfBuf.buffer.slice(idfBuf.byteOffset, idfBuf.byteOffset + idfBuf.byteLength));
  if (idf.length !== 2 ** manifest.features.hashBits)
    throw modelFileError(
      join(dir, 'idf.bin'),
      `: expected ${2 ** manifest.features.hashBits} values, got ${idf.length}`,
    );
  const cb = bin['calibration.bin']!;
  const calib = new Float64Array(cb.buffer.slice(cb.byteOffset, cb.byteOffset + cb.byteLength));
  const n = manifest.calibrationRequests * M;
  if (calib.length !== 3 * n)
    throw modelFileError(join(dir, 'calibration.bin'), `: expected ${3 * n} values, got ${calib.length}`);
  const calibrationSet: CalibrationSet = {
    models: manifest.models,
    prob: calib.subarray(0, n),
    quality: calib.subarray(n, 2 * n),
    costUsd: calib.subarray(2 * n),
  };
  let table: EmbeddingTable | undefined;
  const emb = manifest.features.embedding;
  if (emb?.type === 'file') table = (await readEmbeddingFile(options.embeddingsFile ?? emb.file)).table;
  const featurizer = new Featurizer(manifest.features, idf, table);
  if (featurizer.dim !== manifest.network.inputDim)
    throw modelFileError(
      join(dir, 'manifest.json'),
      `: expected features of dimension ${manifest.network.inputDim}, got ${featurizer.dim}`,
    );
  let knn: KnnStore | undefined;
  if (manifest.knn) {
    const kb = bin['knn.bin']!;
    const decoded = decodeKnnStore(new Float64Array(kb.buffer.slice(kb.byteOffset, kb.byteOffset + kb.byteLength)), {
      ...manifest.knn,
    });
    if (typeof decoded === 'string') throw modelFileError(join(dir, 'knn.bin'), `: ${decoded}`);
    knn = decoded;
  }
  const weight = manifest.knn?.weight ?? 0;
  return {
    dir,
    manifest,
    featurizer,
    layers,
    calibrationSet,
    predictor: () => {
      const p = networkPredictor(manifest.models, featurizer, layers, manifest.calibration);
      return knn && weight > 0 ? blendedPredictor(p, knn, weight, manifest.files['knn.bin']) : p;
    },
  };
}

/** A ModelFileError about `file`: "<file><detail>; <remedy>", with the file as a field. */
function modelFileError(file: string, detail: string, cause?: unknown): ModelFileError {
  return new ModelFileError(`${file}${detail}; ${REMEDY}`, { file, ...(cause === undefined ? {} : { cause }) });
}
