import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | undefined;

/**
 * Reclaims all unreachable memory, between a scan's batches: V8 would otherwise grow the heap by the whole next
 * program before reclaiming the last one, and batching would not bound memory. The flag is read when a context is
 * created, so a fresh context hands out `gc` (as jest-leak-detector gets it).
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  // The first collection may only finish a marking cycle already under way, which keeps what it had marked live.
  gc();
  gc();
}
