#!/usr/bin/env node
// Builds the native peers the bench runs beside ours, into apps/bench/.peers (gitignored):
//   ggml-gemv  ggml's CPU mul_mat on q4_0/q8_0 (llama.cpp's ggml, -O3 -march=native)
//   ffht-fwht  FFHT's fht_float (MIT, FALCONN-LIB/FFHT; its code is never committed here)
//   llama-bench  llama.cpp's own benchmark, with --llama-bench (a much longer build), or built in
//                an existing llama.cpp build tree named by LOWBIT_LLAMA_BUILD_DIR
//   llama2c-bench, llama2c-bench-omp  llama2.c's run.c forward (MIT, vendored in llama2c/):
//                `gcc -O3` on one thread as the reference, and -Ofast -fopenmp -march=native
//                (run.c's `make runomp`); built whenever gcc is present
// Sources: LOWBIT_LLAMA_CPP_SRC (a llama.cpp checkout), else the git bundle shipped in
// node-llama-cpp's npm package under .peers/node_modules (installed by `pnpm --filter
// @lowbit/bench peers`); LOWBIT_FFHT_SRC (an FFHT checkout). A missing source is skipped and
// its rows say "peer not built".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { peersDir } from './native.mjs';

const here = new URL('.', import.meta.url).pathname;
const bin = join(peersDir, 'bin');
const jobs = process.env.LOWBIT_BUILD_JOBS ?? '2';
const withLlamaBench = process.argv.includes('--llama-bench');
mkdirSync(bin, { recursive: true });

const sh = (command, args, options = {}) => {
  process.stderr.write(`$ ${command} ${args.join(' ')}\n`);
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
};
const cflags = ['-O3', '-march=native', '-std=gnu11', '-I', here];

function llamaCppSource() {
  if (process.env.LOWBIT_LLAMA_CPP_SRC) return process.env.LOWBIT_LLAMA_CPP_SRC;
  const clone = join(peersDir, 'llama.cpp');
  if (existsSync(join(clone, 'ggml'))) return clone;
  const bundle = join(peersDir, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
  if (!existsSync(bundle)) return null;
  sh('git', ['clone', '--quiet', bundle, clone]);
  return clone;
}

function buildGgml(source) {
  const build = join(peersDir, 'build/llama.cpp');
  sh('cmake', [
    ...['-S', source, '-B', build, '-DCMAKE_BUILD_TYPE=Release', '-DBUILD_SHARED_LIBS=OFF'],
    ...['-DGGML_NATIVE=ON', '-DGGML_OPENMP=OFF', '-DLLAMA_CURL=OFF', '-DLLAMA_OPENSSL=OFF'],
    ...['-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF', '-DLLAMA_BUILD_SERVER=OFF'],
  ]);
  const targets = ['ggml', ...(withLlamaBench ? ['llama-bench'] : [])];
  sh('cmake', ['--build', build, '--target', ...targets, '-j', jobs]);
  const libs = ['ggml', 'ggml-cpu', 'ggml-base'].map((l) => join(build, `ggml/src/lib${l}.a`));
  sh('gcc', [
    ...cflags,
    ...['-I', join(source, 'ggml/include'), join(here, 'ggml-gemv.c'), ...libs],
    ...['-lstdc++', '-lpthread', '-lm', '-o', join(bin, 'ggml-gemv')],
  ]);
  if (withLlamaBench) sh('cp', [join(build, 'bin/llama-bench'), join(bin, 'llama-bench')]);
}

function buildLlama2c() {
  const harness = join(here, 'llama2c-bench.c');
  sh('gcc', ['-O3', '-std=gnu11', '-I', here, harness, '-lm', '-o', join(bin, 'llama2c-bench')]);
  try {
    const omp = ['-Ofast', '-fopenmp', '-march=native', '-std=gnu11', '-I', here, harness];
    sh('gcc', [...omp, '-lm', '-o', join(bin, 'llama2c-bench-omp')]);
  } catch {
    console.log('llama2c-bench-omp: gcc has no OpenMP here; the OpenMP row is skipped');
  }
}

/** llama-bench built in an existing llama.cpp build tree (its shared libraries stay there). */
function buildLlamaBenchIn(build) {
  sh('cmake', ['--build', build, '--target', 'llama-bench', '-j', jobs]);
  sh('cp', [join(build, 'bin/llama-bench'), join(bin, 'llama-bench')]);
}

function buildFfht(source) {
  sh('gcc', [
    ...cflags,
    ...[
      '-I',
      source,
      join(here, 'ffht-fwht.c'),
      join(source, 'fht.c'),
      join(source, 'fast_copy.c'),
    ],
    ...['-o', join(bin, 'ffht-fwht')],
  ]);
}

buildLlama2c();
if (process.env.LOWBIT_LLAMA_BUILD_DIR) buildLlamaBenchIn(process.env.LOWBIT_LLAMA_BUILD_DIR);
const llama = llamaCppSource();
if (llama) buildGgml(llama);
else
  console.log(
    'ggml: no source (set LOWBIT_LLAMA_CPP_SRC or run `pnpm --filter @lowbit/bench peers`)',
  );
const ffht = process.env.LOWBIT_FFHT_SRC;
if (ffht) buildFfht(ffht);
else console.log('FFHT: no source (set LOWBIT_FFHT_SRC to a checkout of FALCONN-LIB/FFHT)');
console.log(`native peers in ${bin}`);
