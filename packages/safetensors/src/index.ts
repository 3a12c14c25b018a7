/** @lowbit/safetensors — strict safetensors reader (lazy per tensor) and writer. */

export type { Dtype } from './dtypes.ts';
export { DTYPES, dtypeBytes, dtypeForFormat } from './dtypes.ts';
export type { SafetensorsHeader, SafetensorsTensorInfo } from './reader.ts';
export { MAX_HEADER_SIZE, readSafetensorsHeader } from './reader.ts';
export { openSafetensors, SafetensorsFile } from './safetensors-file.ts';
export type { SafetensorsTensorInput } from './writer.ts';
export { serializeSafetensors } from './writer.ts';
