/** Work counters for tests: merge steps taken (queue pops), so speed is checked by counting, not timing. */
export interface MergeCounter {
  mergeSteps: number;
}
