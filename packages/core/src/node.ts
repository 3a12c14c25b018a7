/**
 * @lowbit/core/node — Node-only I/O shared by the loaders and the CLI: regular files only
 * (directories, FIFOs, devices and sockets are refused with E_FILE_NOT_REGULAR), a ByteSource
 * over a file (positional reads, nothing else loaded) and atomic writes (temporary file, then rename).
 */
export { fileSource, readRegularFile } from './node/file-source.ts';
export { openRegularFile } from './node/regular-file.ts';
export { sweepStaleTemporaries, writeFileAtomic } from './node/write-file-atomic.ts';
