/** Worker-thread entry of `lowbit analyze --threads N`: analyses the tensors it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { LowbitError } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { type AnalyzeJob, localAnalyser } from './analyze-tensors.ts';

registerAllFormats();
const analyser = localAnalyser(workerData as AnalyzeJob);
parentPort!.on('message', async (tensor: string) => {
  try {
    parentPort!.postMessage({ result: await (await analyser).analyse(tensor) });
  } catch (error) {
    // LowbitErrors cross as plain objects; rebuild them on the other side with their code.
    parentPort!.postMessage({
      error: LowbitError.isInstance(error)
        ? { code: error.code, message: error.message }
        : { message: String(error) },
    });
  }
});
