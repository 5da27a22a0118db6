/**
 * glibc malloc settings hotlined runs under: appliance/hotlined.service sets
 * them (test/unit/appliance-unit.test.ts keeps the two in step) and so do
 * the development stacks (dev/hotlined-process.ts). With glibc's defaults a
 * 30-minute bench/soak saw hotlined's RSS climb about 4 MB a minute while
 * the V8 heap stayed flat: memory already freed but kept by the allocator
 * (malloc_trim(0) on the running process gave 83 MB of 318 MB back).
 * glibc raises its mmap threshold each time a large mmapped block is freed,
 * after which such blocks (HTTP and stream buffers, SQLite's) come from
 * the main heap and leave holes that are never returned; a fixed threshold
 * keeps them mmapped, and two arenas bound the worker threads' share.
 */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};
