import { lowbitProject } from '../../tooling/vitest.project.ts';

export default lowbitProject(import.meta.url);
