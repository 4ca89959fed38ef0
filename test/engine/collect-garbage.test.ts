import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.resetModules();
  vi.doUnmock("node:vm");
});

describe("collectGarbage", () => {
  it("collects what nothing holds any more", async () => {
    const { collectGarbage } = await import("../../src/engine/collect-garbage.js");
    let held: object | undefined = { big: new Array(1000).fill(0) };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef's target survives until the current job ends: let it end before collecting.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it("leaves the scan running where the runtime will not expose the collector", async () => {
    vi.doMock("node:vm", () => ({
      default: {
        runInNewContext: () => {
          throw new ReferenceError("gc is not defined");
        },
      },
    }));
    const { collectGarbage, heapFloor } = await import("../../src/engine/collect-garbage.js");
    expect(() => collectGarbage()).not.toThrow();
    expect(() => collectGarbage(2 ** 20)).not.toThrow();
    expect(heapFloor()).toBeUndefined();
  });
});

describe("collectUntilSettled", () => {
  /** A heap whose used size after each collection follows the given MiB, then stays at the last. */
  function heap(mib: number[]) {
    let collections = 0;
    return {
      collect: () => void collections++,
      used: () => (mib[Math.min(collections, mib.length - 1)] ?? 0) * 2 ** 20,
    };
  }

  it("keeps collecting past a collection that frees nothing until two in a row free nothing", async () => {
    const { collectUntilSettled } = await import("../../src/engine/collect-garbage.js");
    // Before, then after each collection: the program goes on the third, part of it on the fifth in another run.
    const once = heap([380, 251, 251, 96, 96, 96]);
    expect(collectUntilSettled(once.collect, once.used)).toBe(5);
    const twice = heap([420, 326, 326, 256, 256, 99, 99, 99]);
    expect(collectUntilSettled(twice.collect, twice.used)).toBe(7);
  });

  it("stops as soon as the heap is back within the target, and settles as before when it never gets there", async () => {
    const { collectUntilSettled } = await import("../../src/engine/collect-garbage.js");
    const target = 110 * 2 ** 20;
    const once = heap([380, 251, 251, 96, 96, 96]);
    expect(collectUntilSettled(once.collect, once.used, target)).toBe(3);
    const twice = heap([420, 326, 326, 256, 256, 99, 99, 99]);
    expect(collectUntilSettled(twice.collect, twice.used, target)).toBe(5);
    const retained = heap([380, 251, 251, 150, 150, 150]);
    expect(collectUntilSettled(retained.collect, retained.used, target)).toBe(5);
  });

  it("stops after two collections when nothing is left to free, and at eight whatever happens", async () => {
    const { collectUntilSettled } = await import("../../src/engine/collect-garbage.js");
    const idle = heap([80, 80]);
    expect(collectUntilSettled(idle.collect, idle.used)).toBe(2);
    const shrinking = heap(Array.from({ length: 20 }, (_, i) => 1000 - i * 10));
    expect(collectUntilSettled(shrinking.collect, shrinking.used)).toBe(8);
  });
});
