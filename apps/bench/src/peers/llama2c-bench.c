// llama2.c's run.c forward() in bursts: one call runs `tokens` positions from 0, greedy decode
// (each next token the argmax of the logits, as run.c's generate at temperature 0) or a prompt
// fed token by token (run.c has no batched prefill). run.c is vendored unmodified in llama2c/.
// Usage: llama2c-bench <model.bin> <decode|prefill> <tokens> <bursts> <burst ms>
#define main llama2c_main
#include "llama2c/run.c"
#undef main

#include "bursts.h"

struct job {
  Transformer transformer;
  int tokens;
  int decode;
  int last;
};

static int argmax(const float *v, int n) {
  int best = 0;
  for (int i = 1; i < n; i++)
    if (v[i] > v[best]) best = i;
  return best;
}

static void call(void *state) {
  struct job *j = state;
  int vocab = j->transformer.config.vocab_size;
  int token = 1;
  for (int pos = 0; pos < j->tokens; pos++) {
    float *logits = forward(&j->transformer, token, pos);
    token = j->decode ? argmax(logits, vocab) : (pos * 7 + 3) % vocab;
  }
  j->last = token;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: llama2c-bench <model.bin> <decode|prefill> <tokens> <bursts> <burst ms>\n");
    return 2;
  }
  struct job j = {.tokens = atoi(argv[3]), .decode = strcmp(argv[2], "decode") == 0};
  build_transformer(&j.transformer, argv[1]);
  if (j.tokens < 1 || j.tokens > j.transformer.config.seq_len) {
    fprintf(stderr, "tokens must be in 1..%d\n", j.transformer.config.seq_len);
    return 2;
  }
  run_bursts(call, &j, atoi(argv[4]), atof(argv[5]));
  fprintf(stderr, "last token %d\n", j.last);
  free_transformer(&j.transformer);
  return 0;
}
