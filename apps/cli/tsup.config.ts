import { libraryConfig } from '../../tooling/tsup.base.ts';

export default libraryConfig({
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    'analyze-worker': 'src/commands/analyze-worker.ts',
    'eval-worker': 'src/commands/eval-worker.ts',
  },
  platform: 'node',
});
