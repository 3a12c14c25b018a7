/**
 * Rotary angles (cos, sin per pair) kept in linear memory per backend and (headDim, θ), for
 * positions 0 … n−1: a rope call reads the rows of its positions instead of recomputing and
 * copying them in (a decode step ropes q and k in every layer). The rows are backend-cpu's
 * `ropeAngles` for offset 0, so a row is the same bits whatever the call's offset; the table
 * doubles when a position past its end is asked for.
 */
import { ropeAngles } from '@lowbit/backend-cpu';
import type { RopeAttrs } from '@lowbit/core';
import type { WasmKernels } from '../wasm-module.ts';

interface Table {
  at: number;
  positions: number;
}

const tables = new WeakMap<WasmKernels, Map<string, Table>>();

/** Fewest positions a table is made for. */
const MIN_POSITIONS = 64;

/**
 * The address of the angles of positions offset … offset+rows−1 for `attrs`, valid until the
 * next call (the table may move when it grows). Undefined for a non-integer or negative offset.
 */
export function ropeTableRows(
  kernels: WasmKernels,
  rows: number,
  attrs: RopeAttrs,
): number | undefined {
  const offset = attrs.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) return undefined;
  let byKey = tables.get(kernels);
  if (!byKey) {
    byKey = new Map();
    tables.set(kernels, byKey);
  }
  const key = `${attrs.headDim}|${attrs.theta ?? 10000}`;
  let table = byKey.get(key);
  const needed = offset + rows;
  if (!table || table.positions < needed) {
    const positions = Math.max(needed, MIN_POSITIONS, 2 * (table?.positions ?? 0));
    const angles = ropeAngles(positions, { headDim: attrs.headDim, theta: attrs.theta });
    if (table) kernels.heap.free(table.at);
    else kernels.heap.constants++;
    table = { at: kernels.heap.alloc(angles.byteLength), positions };
    kernels.copyIn(table.at, angles);
    byKey.set(key, table);
  }
  return table.at + offset * attrs.headDim * 4;
}
