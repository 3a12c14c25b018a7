/** Worker-thread entry of `lowbit eval --threads N`: scores the rows it is sent. */
import { workerData } from 'node:worker_threads';
import { registerAllFormats } from '@lowbit/formats';
import { serveRequests } from '../request-worker.ts';
import { type EvalWorkerData, openEvalContext, type RowRequest } from './eval-run.ts';

registerAllFormats();
const { job, baseline } = workerData as EvalWorkerData;
const context = openEvalContext(job);
serveRequests(async (request: RowRequest) => (await context).score(request, baseline));
