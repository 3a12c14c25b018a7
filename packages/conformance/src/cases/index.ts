/** Every op family; a new op adds one file under cases/ and one entry here. */
import type { OpFamily } from '../case.ts';
import { codecFamily } from './codec.ts';
import { elementwiseFamily } from './elementwise.ts';
import { int8LinearFamily } from './int8-linear.ts';
import { linearFamily } from './linear.ts';
import { matmulFamily } from './matmul.ts';
import { nnFamily } from './nn.ts';
import { transformsFamily } from './transforms.ts';

export const families: readonly OpFamily[] = [
  codecFamily,
  elementwiseFamily,
  int8LinearFamily,
  linearFamily,
  matmulFamily,
  nnFamily,
  transformsFamily,
];
