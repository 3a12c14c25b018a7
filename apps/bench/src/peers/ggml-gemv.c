// ggml's CPU GEMV on our bytes: y = x·Wᵀ through a one-node mul_mat graph, W a q4_0 or q8_0
// tensor (lowbit's block layout is ggml's, so the weights are bit-identical to ours).
// Usage: ggml-gemv <q4_0|q8_0> <k> <n> <weights file> <x file (k f32)> <threads> <bursts> <burst ms>
#include <string.h>

#include "bursts.h"
#include "ggml-cpu.h"
#include "ggml.h"

struct gemv {
  struct ggml_context *ctx;
  struct ggml_cgraph *graph;
  int threads;
};

static void compute(void *state) {
  struct gemv *g = state;
  ggml_graph_compute_with_ctx(g->ctx, g->graph, g->threads);
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: ggml-gemv <q4_0|q8_0> <k> <n> <weights> <x> <threads> <bursts> <burst ms>\n");
    return 2;
  }
  enum ggml_type type = strcmp(argv[1], "q8_0") == 0 ? GGML_TYPE_Q8_0 : GGML_TYPE_Q4_0;
  int64_t k = atoll(argv[2]), n = atoll(argv[3]);
  size_t weight_bytes = ggml_row_size(type, k) * n;
  struct ggml_init_params params = {weight_bytes + (size_t)(k + n) * 8 + (64 << 20), NULL, false};
  struct gemv g = {ggml_init(params), NULL, atoi(argv[6])};
  struct ggml_tensor *w = ggml_new_tensor_2d(g.ctx, type, k, n);
  struct ggml_tensor *x = ggml_new_tensor_2d(g.ctx, GGML_TYPE_F32, k, 1);
  void *bytes = read_file(argv[4], weight_bytes);
  void *input = read_file(argv[5], (size_t)k * 4);
  memcpy(w->data, bytes, weight_bytes);
  memcpy(x->data, input, (size_t)k * 4);
  struct ggml_tensor *y = ggml_mul_mat(g.ctx, w, x);
  g.graph = ggml_new_graph(g.ctx);
  ggml_build_forward_expand(g.graph, y);
  run_bursts(compute, &g, atoi(argv[7]), atof(argv[8]));
  fprintf(stderr, "y[0] = %g\n", ((float *)y->data)[0]);
  ggml_free(g.ctx);
  return 0;
}
