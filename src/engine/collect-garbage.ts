import v8 from "node:v8";
import vm from "node:vm";

/** Collections in a row that must free (next to) nothing before the heap counts as settled. */
const SETTLED_AFTER = 2;
const NOTHING_FREED_BYTES = 2 ** 20;
const MAX_COLLECTIONS = 8;

let gc: (() => void) | null | undefined;

/**
 * Reclaims all unreachable memory, between a scan's batches: V8 would otherwise grow the heap by the whole next
 * program before reclaiming the last one, and batching would not bound memory. Given the heap's size before the
 * first program (`heapFloor`), it stops once the heap is back near it. Where a runtime refuses to expose the
 * collector, the scan goes on without it.
 */
export function collectGarbage(floorBytes?: number): void {
  const collect = collector();
  if (collect) collectUntilSettled(collect, usedHeapBytes, floorBytes === undefined ? undefined : floorBytes + floorMargin(floorBytes));
}

/** The heap's live size now, after one collection: what a batch's garbage collection can bring it back to. */
export function heapFloor(): number | undefined {
  const collect = collector();
  if (!collect) return undefined;
  collect();
  return usedHeapBytes();
}

/**
 * Collects until the heap is at most `targetBytes`, or until collections stop freeing memory. One is not enough:
 * with V8's compilers on, the last batch's program survives its first one to four collections (measured; with
 * them off, the first frees it), and a collection that frees nothing can come before the one that frees the
 * program. Returns how many collections ran.
 */
export function collectUntilSettled(collect: () => void, usedBytes: () => number, targetBytes?: number): number {
  let used = usedBytes();
  let idle = 0;
  let count = 0;
  while (idle < SETTLED_AFTER && count < MAX_COLLECTIONS) {
    collect();
    count++;
    const now = usedBytes();
    if (targetBytes !== undefined && now <= targetBytes) break;
    idle = used - now < NOTHING_FREED_BYTES ? idle + 1 : 0;
    used = now;
  }
  return count;
}

/** What the scan may keep beyond the floor after a batch: its results, and the analysis's compiled code (18–25 MiB on the 300k-line benchmark). */
function floorMargin(floorBytes: number): number {
  return Math.max(32 * 2 ** 20, floorBytes / 4);
}

function usedHeapBytes(): number {
  return v8.getHeapStatistics().used_heap_size;
}

function collector(): (() => void) | null {
  if (gc === undefined) gc = exposeGc();
  return gc;
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
