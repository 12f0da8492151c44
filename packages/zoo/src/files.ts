import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';

type FileSystem = typeof import('node:fs/promises');
type Paths = typeof import('node:path');

/** Node's file system and paths, or undefined outside Node (no import, so browser bundles carry none). */
function nodeModules(): { fs: FileSystem; path: Paths } | undefined {
  const process = (globalThis as { process?: NodeJS.Process }).process;
  if (process?.versions?.node === undefined || typeof process.getBuiltinModule !== 'function') return undefined;
  return { fs: process.getBuiltinModule('node:fs/promises'), path: process.getBuiltinModule('node:path') };
}

/** True where model files can be read from disk (Node ≥ 20.16). */
export const canReadFiles = (): boolean => nodeModules() !== undefined;

/**
 * A tfjs load handler for a model.json on disk and the weight files its manifest names
 * (beside it), the Node counterpart of tf.io.http — for layers and graph models alike.
 */
export function fileHandler(modelPath: string): tf.io.IOHandler {
  const node = nodeModules();
  if (node === undefined) throw new DescentError('fromFile', modelPath, 'a call in Node ≥ 20.16 (in a browser use fromUrl)');
  if (typeof modelPath !== 'string' || modelPath.length === 0) throw new DescentError('path', modelPath, 'the path of a model.json file');
  const { fs, path } = node;
  return {
    async load() {
      let text: string;
      try {
        text = await fs.readFile(modelPath, 'utf8');
      } catch (error) {
        throw new DescentError('path', modelPath, `a readable model.json file (${(error as Error).message})`);
      }
      const json = parseModelJson(text, modelPath);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const file of manifest.flatMap((group) => group.paths)) {
          const bytes = await fs.readFile(path.join(path.dirname(modelPath), file)).catch((error: Error) => {
            throw new DescentError(`weights of ${modelPath}`, file, `a readable weights file beside the model.json (${error.message})`);
          });
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** A model.json's content, checked for what tfjs needs (a topology and a weights manifest). */
export function parseModelJson(text: string, where: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DescentError('path', where, 'a model.json file of JSON');
  }
  const candidate = json as Partial<tf.io.ModelJSON> | null;
  if (candidate === null || typeof candidate !== 'object' || candidate.modelTopology === undefined || !Array.isArray(candidate.weightsManifest)) {
    throw new DescentError('path', where, 'a tfjs model.json (with modelTopology and weightsManifest)');
  }
  return candidate as tf.io.ModelJSON;
}
