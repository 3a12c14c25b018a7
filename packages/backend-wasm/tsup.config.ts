import { libraryConfig } from '../../tooling/tsup.base.ts';

export default libraryConfig();
