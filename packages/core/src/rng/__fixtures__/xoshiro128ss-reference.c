/* Generator for the golden values in xoshiro128.test.ts: the public-domain reference
   xoshiro128** 1.1 and SplitMix64 (prng.di.unimi.it), seeded the way createRng() seeds.
   Build: gcc -O2 -o xo xoshiro128ss-reference.c && ./xo */
#include <stdio.h>
#include <stdint.h>
static inline uint32_t rotl(const uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static uint32_t s[4];
uint32_t next(void) {
	const uint32_t result = rotl(s[1] * 5, 7) * 9;
	const uint32_t t = s[1] << 9;
	s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11);
	return result;
}
void jump(void) {
	static const uint32_t JUMP[] = { 0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b };
	uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	for(int i = 0; i < 4; i++)
		for(int b = 0; b < 32; b++) {
			if (JUMP[i] & UINT32_C(1) << b) { s0 ^= s[0]; s1 ^= s[1]; s2 ^= s[2]; s3 ^= s[3]; }
			next();
		}
	s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
}
static uint64_t x;
uint64_t sm(void) { uint64_t z = (x += 0x9e3779b97f4a7c15); z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb; return z ^ (z >> 31); }
int main(void) {
  s[0]=1;s[1]=2;s[2]=3;s[3]=4;
  printf("state1234:"); for (int i=0;i<6;i++) printf(" %u", next()); printf("\n");
  jump(); printf("afterjump:"); for (int i=0;i<3;i++) printf(" %u", next()); printf("\n");
  uint64_t seeds[3] = {0, 42, 0xdeadbeefcafef00dULL};
  for (int k=0;k<3;k++) { x = seeds[k]; uint64_t a = sm(), b = sm();
    s[0]=(uint32_t)a; s[1]=(uint32_t)(a>>32); s[2]=(uint32_t)b; s[3]=(uint32_t)(b>>32);
    printf("seed %llu:", (unsigned long long)seeds[k]); for (int i=0;i<5;i++) printf(" %u", next()); printf("\n"); }
  x = 0; printf("splitmix64(0): %llu %llu\n", (unsigned long long)sm(), (unsigned long long)sm());
}
