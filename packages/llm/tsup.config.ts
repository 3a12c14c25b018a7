import { libraryConfig } from '../../tooling/tsup.base.ts';

export default libraryConfig({ entry: ['src/index.ts', 'src/node.ts'] });
