import { libraryConfig } from '../../tooling/tsup.base.ts';

export default libraryConfig({ entry: ['src/index.ts', 'src/bin.ts', 'src/commands/analyze-worker.ts'], platform: 'node' });
