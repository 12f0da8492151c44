/**
 * @descent/zoo — pretrained CNNs shipped inside the package as tfjs LayersModel artifacts,
 * each with its provenance (the script that trained it, its data, accuracy, size and
 * licence, in models/<name>/card.json), and one loader for them (`load`) and for any tfjs
 * model from a URL or a file (`fromUrl`, `fromFile`): LayersModels to fine-tune,
 * GraphModels (TF Hub, converted SavedModels) as frozen feature extractors.
 *
 * @packageDocumentation
 */
export { catalog } from './catalog';
export type { ZooEntry } from './catalog';
export { load, fromUrl, fromFile, entry } from './load';
export type { Pretrained, LoadOptions, FromOptions } from './load';
