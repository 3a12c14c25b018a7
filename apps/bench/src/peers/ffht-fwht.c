// FFHT's fht_float (FALCONN-LIB/FFHT, AVX) in place on `batch` rows of 2^log_n floats, as the
// bench's wasm kernel column runs ours. FFHT's sources are not in this repository: build-peers.mjs
// compiles this file against a checkout named by LOWBIT_FFHT_SRC.
// Usage: ffht-fwht <log_n> <batch> <input file (batch·2^log_n f32)> <bursts> <burst ms>
#include "bursts.h"
#include "fht.h"

struct rows {
  float *data;
  int log_n;
  long batch;
};

static void transform(void *state) {
  struct rows *r = state;
  for (long i = 0; i < r->batch; i++) fht_float(r->data + (i << r->log_n), r->log_n);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: ffht-fwht <log_n> <batch> <input> <bursts> <burst ms>\n");
    return 2;
  }
  struct rows r = {NULL, atoi(argv[1]), atol(argv[2])};
  size_t bytes = (size_t)r.batch * 4 << r.log_n;
  float *input = read_file(argv[3], bytes);
  if (posix_memalign((void **)&r.data, 64, bytes) != 0) return 2;
  for (size_t i = 0; i < bytes / 4; i++) r.data[i] = input[i];
  run_bursts(transform, &r, atoi(argv[4]), atof(argv[5]));
  return 0;
}
