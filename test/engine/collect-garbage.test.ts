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
    const { collectGarbage } = await import("../../src/engine/collect-garbage.js");
    expect(() => collectGarbage()).not.toThrow();
    expect(() => collectGarbage()).not.toThrow();
  });
});
