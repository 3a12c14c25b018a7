/** Every op family; a new op adds one file under cases/ and one entry here. */
import type { OpFamily } from '../case.ts';
import { attentionFamily } from './attention.ts';
import { codecFamily } from './codec.ts';
import { elementwiseFamily } from './elementwise.ts';
import { getRowsFamily } from './get-rows.ts';
import { int8LinearFamily } from './int8-linear.ts';
import { linearFamily } from './linear.ts';
import { matmulFamily } from './matmul.ts';
import { nnFamily } from './nn.ts';
import { transformsFamily } from './transforms.ts';
import { writeRowsFamily } from './write-rows.ts';

export const families: readonly OpFamily[] = [
  attentionFamily,
  codecFamily,
  elementwiseFamily,
  getRowsFamily,
  int8LinearFamily,
  linearFamily,
  matmulFamily,
  nnFamily,
  transformsFamily,
  writeRowsFamily,
];
