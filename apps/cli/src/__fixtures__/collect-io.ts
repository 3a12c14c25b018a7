import type { Io } from '../io.ts';

/** An Io that keeps what the CLI writes, for assertions. */
export function collectIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}
