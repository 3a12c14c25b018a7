/** Programmatic entry to the CLI (for embedding and tests). */
export { describeError, ExitCode } from './cli-error.ts';
export type { FormatRow } from './commands/formats.ts';
export { formatRow, renderFormats } from './commands/formats.ts';
export type { Io } from './io.ts';
export { createProgram, run, version } from './program.ts';
