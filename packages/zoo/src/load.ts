import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { catalog, type ZooEntry } from './catalog';
import { canReadFiles, fileHandler } from './files';

/** A pretrained model as loaded: a LayersModel (fine-tunable) or a GraphModel (a frozen feature extractor). */
export type Pretrained = tf.LayersModel | tf.GraphModel;

/** Options of load. */
export interface LoadOptions {
  /**
   * Where the package's models/ folder is served, in a browser (e.g. "/models" after copying
   * node_modules/@descent/zoo/models there, or the URL a bundler gives it). In Node the
   * models are read from the package's own files and this is not needed.
   */
  baseUrl?: string;
  /** The fetch that downloads from `baseUrl` (default: the global fetch), e.g. one that adds headers. */
  fetch?: typeof fetch;
}

/** Options of fromUrl and fromFile. */
export interface FromOptions {
  /** What the file must hold: "layers" or "graph"; default: whichever its `format` says. */
  expect?: 'layers' | 'graph';
  /** fromUrl: the fetch that downloads the model.json and its weights (default: the global fetch). */
  fetch?: typeof fetch;
  /** fromUrl: options of every request, e.g. `{ headers: { Authorization: … } }`. */
  requestInit?: RequestInit;
}

/** The model.json format field of a graph model (TF SavedModel or TF Hub, converted). */
const GRAPH_FORMAT = 'graph-model';

/** The zoo's entry of that name; a DescentError lists the names when there is none. */
export function entry(name: string): ZooEntry {
  const found = catalog.find((e) => e.name === name);
  if (found === undefined) throw new DescentError('name', name, `the name of a zoo model (${catalog.map((e) => e.name).join(', ')})`);
  return found;
}

/** The model's format read from its artifacts: a graph model declares "graph-model". */
async function loadAs(handler: tf.io.IOHandler, where: string, options: FromOptions): Promise<Pretrained> {
  const artifacts = await handler.load!();
  const kind = artifacts.format === GRAPH_FORMAT ? 'graph' : 'layers';
  const expect = options.expect;
  if (expect !== undefined && expect !== 'layers' && expect !== 'graph') throw new DescentError('expect', expect, '"layers" or "graph"');
  if (expect !== undefined && expect !== kind) throw new DescentError(where, artifacts.format ?? 'layers-model', `a ${expect} model`);
  const loaded = tf.io.fromMemory(artifacts);
  return kind === 'graph' ? tf.loadGraphModel(loaded) : tf.loadLayersModel(loaded);
}

/**
 * Any tfjs model from a URL (a model.json and its weights beside it): a LayersModel, ready to
 * fine-tune, or a GraphModel (a converted TF SavedModel, e.g. from TF Hub / Kaggle Models),
 * usable as a frozen feature extractor.
 */
export async function fromUrl(url: string, options: FromOptions = {}): Promise<Pretrained> {
  if (typeof url !== 'string' || url.length === 0) throw new DescentError('url', url, 'the URL of a model.json');
  return loadAs(tf.io.http(url, { fetchFunc: options.fetch, requestInit: options.requestInit }), 'url', options);
}

/** Any tfjs model from a model.json on disk (Node), as fromUrl does from a URL. */
export async function fromFile(path: string, options: FromOptions = {}): Promise<Pretrained> {
  return loadAs(fileHandler(path), 'path', options);
}

/** The package's models/ folder on disk: this file sits in src/ or dist/, one level below the package. */
function packageModelsPath(): string {
  const process = (globalThis as { process?: NodeJS.Process }).process;
  const path = process!.getBuiltinModule('node:path');
  return path.join(__dirname, '..', 'models');
}

/**
 * A pretrained model of the zoo, by name, offline: in Node from the package's own files; in a
 * browser from `options.baseUrl`, where the package's models/ folder is served.
 *
 * @example
 * const base = await load('fashion-mnist-cnn');   // a tf.LayersModel, 28×28×1 → 10 classes
 */
export async function load(name: string, options: LoadOptions = {}): Promise<tf.LayersModel> {
  const { name: found } = entry(name);
  const { baseUrl } = options;
  if (baseUrl !== undefined && (typeof baseUrl !== 'string' || baseUrl.length === 0)) throw new DescentError('baseUrl', baseUrl, 'the URL of the zoo\'s models/ folder');
  let model: Pretrained;
  if (baseUrl !== undefined) model = await fromUrl(`${baseUrl.replace(/\/$/, '')}/${found}/model.json`, { expect: 'layers', fetch: options.fetch });
  else if (canReadFiles() && typeof __dirname === 'string') model = await fromFile(`${packageModelsPath()}/${found}/model.json`, { expect: 'layers' });
  else throw new DescentError('baseUrl', baseUrl, 'the URL where the zoo\'s models/ folder is served (needed where the package\'s files cannot be read, as in a browser)');
  return model as tf.LayersModel;
}
