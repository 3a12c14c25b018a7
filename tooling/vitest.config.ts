import { lowbitProject } from './vitest.project.ts';

export default lowbitProject(import.meta.url, { testTimeout: 120_000 });
