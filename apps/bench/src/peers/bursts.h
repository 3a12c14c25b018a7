// Burst timing shared by the native peer harnesses, the same scheme as src/measure.mjs: warm
// up, size a burst to about burst_ms, then time `bursts` bursts and print ms per call of each
// as JSON on stdout ({"ms":[…]}), which the bench reads from this child process.
#ifndef LOWBIT_BENCH_BURSTS_H
#define LOWBIT_BENCH_BURSTS_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void run_bursts(void (*call)(void *), void *state, int bursts, double burst_ms) {
  double start = now_ms();
  long calls = 0;
  do {
    call(state);
    calls++;
  } while (now_ms() - start < burst_ms * 1.5 || calls < 2);
  long count = (long)(burst_ms / ((now_ms() - start) / calls) + 0.5);
  if (count < 1) count = 1;
  printf("{\"ms\":[");
  for (int b = 0; b < bursts; b++) {
    double t0 = now_ms();
    for (long i = 0; i < count; i++) call(state);
    printf("%s%.6f", b ? "," : "", (now_ms() - t0) / count);
  }
  printf("]}\n");
}

/** The whole of a file, or exit(2) with a message. */
static void *read_file(const char *path, size_t expected) {
  FILE *f = fopen(path, "rb");
  void *data = malloc(expected);
  if (!f || !data || fread(data, 1, expected, f) != expected) {
    fprintf(stderr, "cannot read %zu bytes from %s\n", expected, path);
    exit(2);
  }
  fclose(f);
  return data;
}

#endif
