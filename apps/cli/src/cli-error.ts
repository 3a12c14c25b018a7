/** How failures reach the user: `E_CODE: message` on stderr and a non-zero exit code. */
import { LowbitError } from '@lowbit/core';

export const ExitCode = {
  Ok: 0,
  /** A coded error from the library (bad file, unknown format …). */
  Failure: 1,
  /** The command line itself was wrong. */
  Usage: 2,
  /** A bug: an error that is not a LowbitError. */
  Internal: 70,
} as const;

export function describeError(error: unknown): { line: string; exitCode: number } {
  if (LowbitError.isInstance(error)) {
    return {
      line: `${error.code}: ${error.message}`,
      exitCode: error.code === 'E_USAGE' ? ExitCode.Usage : ExitCode.Failure,
    };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    line: `E_INTERNAL: ${message}\nThis is a bug in lowbit; please report it with the command you ran.`,
    exitCode: ExitCode.Internal,
  };
}
