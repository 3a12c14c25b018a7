/**
 * Seeded random numbers shared by stochastic rounding and random rotations.
 *
 * Algorithm: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c),
 * 32-bit state words, seeded from a 64-bit seed through SplitMix64 as its authors recommend.
 * Only 32-bit integer arithmetic (Math.imul, shifts) is used after seeding, so the same seed
 * gives the same stream on every JavaScript engine, in WebAssembly and in WGSL.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

export interface Rng {
  /** The algorithm's name, for reports. */
  readonly algorithm: 'xoshiro128**';
  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Fills `out` with 32-bit outputs; returns it. */
  fill(out: Uint32Array): Uint32Array;
  /** The four state words (copy), e.g. to resume a stream elsewhere. */
  state(): Uint32Array;
  /** Advances 2^64 steps: the result of `n` jumps is a non-overlapping sub-stream. */
  jump(): void;
}

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64 (Vigna), used only to expand a seed into state words. */
export function splitMix64(seed: bigint): () => bigint {
  let x = BigInt.asUintN(64, seed);
  return () => {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

function toSeed(seed: number | bigint): bigint {
  if (typeof seed === 'bigint') return seed;
  if (!Number.isSafeInteger(seed)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `RNG seed must be a safe integer or a bigint, got ${seed}. Pass e.g. { seed: 42 }.`,
    );
  }
  return BigInt(seed);
}

const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];

class Xoshiro128StarStar implements Rng {
  readonly algorithm = 'xoshiro128**' as const;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(words: ArrayLike<number>) {
    this.s0 = words[0]! >>> 0;
    this.s1 = words[1]! >>> 0;
    this.s2 = words[2]! >>> 0;
    this.s3 = words[3]! >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      throw new LowbitError(ErrorCode.Argument, 'xoshiro128** state must not be all zero.');
    }
  }

  nextU32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  fill(out: Uint32Array): Uint32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.nextU32();
    return out;
  }

  state(): Uint32Array {
    return Uint32Array.of(this.s0, this.s1, this.s2, this.s3);
  }

  jump(): void {
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (const word of JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= this.s0;
          b ^= this.s1;
          c ^= this.s2;
          d ^= this.s3;
        }
        this.nextU32();
      }
    }
    this.s0 = a >>> 0;
    this.s1 = b >>> 0;
    this.s2 = c >>> 0;
    this.s3 = d >>> 0;
  }
}

/**
 * A xoshiro128** generator. `seed` (number or bigint, taken modulo 2^64) is expanded with
 * SplitMix64: state words are the low and high halves of its first two outputs.
 *
 * @example
 * const rng = createRng(42);
 * rng.nextU32(); // the same value on every platform
 */
export function createRng(seed: number | bigint): Rng {
  const next = splitMix64(toSeed(seed));
  const a = next();
  const b = next();
  return new Xoshiro128StarStar([
    Number(a & 0xffffffffn),
    Number(a >> 32n),
    Number(b & 0xffffffffn),
    Number(b >> 32n),
  ]);
}

/** A generator started from explicit state words (all-zero is rejected). */
export function rngFromState(words: ArrayLike<number>): Rng {
  if (words.length !== 4) {
    throw new LowbitError(
      ErrorCode.Argument,
      `xoshiro128** needs 4 state words, got ${words.length}.`,
    );
  }
  return new Xoshiro128StarStar(words);
}
