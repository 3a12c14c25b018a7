/** The `lowbit` command tree (commander). One file per command under commands/. */
import { cpuBackend } from '@lowbit/backend-cpu';
import { engine } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { describeError, ExitCode } from './cli-error.ts';
import { registerAnalyzeCommand } from './commands/analyze.ts';
import { registerBenchCommand } from './commands/bench.ts';
import { registerConvertCommand } from './commands/convert.ts';
import { registerDecodeCommand } from './commands/decode.ts';
import { registerEncodeCommand } from './commands/encode.ts';
import { registerEvalCommand } from './commands/eval.ts';
import { registerFormatsCommand } from './commands/formats.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerInspectCommand } from './commands/inspect.ts';
import { registerQuantizeCommand } from './commands/quantize.ts';
import { registerTokenizeCommand } from './commands/tokenize.ts';
import { type Io, processIo } from './io.ts';

export const version: string = packageJson.version;

export function createProgram(io: Io = processIo): Command {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
  registerAllFormats();
  const program = new Command('lowbit')
    .description('Low-precision numerics for machine learning: formats, quantization, model files.')
    .version(version, '-v, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run `lowbit --help` for usage)')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (message, write) => write(`E_USAGE: ${message.replace(/^error: /, '')}`),
    });
  registerFormatsCommand(program, io);
  registerEncodeCommand(program, io);
  registerDecodeCommand(program, io);
  registerAnalyzeCommand(program, io);
  registerInspectCommand(program, io);
  registerConvertCommand(program, io);
  registerBenchCommand(program, io);
  registerGenerateCommand(program, io);
  registerEvalCommand(program, io);
  registerTokenizeCommand(program, io);
  registerQuantizeCommand(program, io);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const { line, exitCode } = describeError(error);
    io.stderr(`${line}\n`);
    return exitCode;
  }
}
