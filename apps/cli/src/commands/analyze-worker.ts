/** Worker-thread entry of `lowbit analyze --threads N`: analyses the tensors it is sent. */
import { workerData } from 'node:worker_threads';
import { registerAllFormats } from '@lowbit/formats';
import { serveRequests } from '../request-worker.ts';
import { type AnalyzeJob, localAnalyser } from './analyze-tensors.ts';

registerAllFormats();
const analyser = localAnalyser(workerData as AnalyzeJob);
serveRequests(async (tensor: string) => (await analyser).analyse(tensor));
