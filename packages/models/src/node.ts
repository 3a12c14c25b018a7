/**
 * @lowbit/models/node — opening models by path: `openModel(file)` for a GGUF, safetensors or
 * llama2.c file (regular files only: E_FILE_NOT_REGULAR otherwise), `openHfFolder(dir)` for a
 * Hugging Face model folder.
 */
export { directoryFolder, openHfFolder, openModel } from './node/open-model.ts';
