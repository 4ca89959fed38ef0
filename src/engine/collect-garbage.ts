import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | null | undefined;

/**
 * Reclaims all unreachable memory, between a scan's batches: V8 would otherwise grow the heap by the whole next
 * program before reclaiming the last one, and batching would not bound memory. Where a runtime refuses to expose
 * the collector, the scan goes on without it.
 */
export function collectGarbage(): void {
  if (gc === undefined) gc = exposeGc();
  // The first collection may only finish a marking cycle already under way, which keeps what it had marked live.
  gc?.();
  gc?.();
}

/** The flag is read when a context is created, so a fresh context hands out `gc` (as jest-leak-detector gets it). */
function exposeGc(): (() => void) | null {
  try {
    v8.setFlagsFromString("--expose-gc");
    const fn: unknown = vm.runInNewContext("gc");
    return typeof fn === "function" ? (fn as () => void) : null;
  } catch {
    return null;
  }
}
