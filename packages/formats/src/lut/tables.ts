/** Published codebooks, as data. */

/**
 * NF4: the 16 values of bitsandbytes' 4-bit NormalFloat (Dettmers et al., QLoRA, 2023),
 * quantiles of N(0, 1) normalised to [−1, 1] with an exact zero; as in bitsandbytes'
 * `get_4bit_type('nf4')`.
 */
export const NF4_VALUES = [
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
  -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
  0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
  0.7229568362236023, 1.0,
] as const;

/** ggml's `kvalues_iq4nl` (ggml-common.h): the IQ4_NL / IQ4_XS non-linear codebook. */
export const IQ4_NL_VALUES = [
  -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113,
] as const;
