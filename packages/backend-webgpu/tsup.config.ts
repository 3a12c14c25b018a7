import { libraryConfig } from '../../tooling/tsup.base.ts';

// `webgpu` (Dawn for Node) is optional and imported dynamically only where navigator.gpu is absent.
export default libraryConfig({ external: [/^node:/, 'webgpu'] });
