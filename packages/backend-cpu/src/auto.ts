/** Convenience entry: importing it registers the cpu backend with the process-wide engine. */
import { engine } from '@lowbit/core';
import { cpuBackend } from './plugin.ts';

if (!engine.backends.has('cpu')) engine.use(cpuBackend());
