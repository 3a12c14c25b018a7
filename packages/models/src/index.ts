/**
 * @lowbit/models — one lazy view over model containers: GGUF, safetensors and llama2.c files
 * (detected by magic), and Hugging Face folders (config.json + safetensors, sharded through
 * model.safetensors.index.json). Works on any ByteSource, so a browser opens a `File` with
 * `openModelSource(blobSource(file), file.name)`. Opening paths is in `@lowbit/models/node`.
 */
export type { FileContainer } from './detect.ts';
export { detectContainer } from './detect.ts';
export { CONFIG_FILE, openHfFolderFrom } from './hf-folder-model.ts';
export { INDEX_FILE, SINGLE_FILE } from './hf-index.ts';
export type {
  Container,
  GgufModel,
  HfFolderModel,
  Llama2cModel,
  ModelFile,
  ModelTensor,
  SafetensorsModel,
} from './model-file.ts';
export type { ModelFolder } from './model-folder.ts';
export { MAX_JSON_BYTES } from './model-folder.ts';
export { openModelSource } from './open-model-source.ts';
