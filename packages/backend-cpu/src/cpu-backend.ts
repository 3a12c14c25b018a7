/**
 * The cpu backend: storage is a host Uint8Array holding the packed bytes. Always available,
 * synchronous, and the oracle every other backend is tested against.
 */
import { HostBackend } from '@lowbit/core';

export class CpuBackend extends HostBackend {
  readonly name = 'cpu';
}
