import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/temp-project.js";

describe("ValueResolver on a function that hands its own options back to itself", () => {
  it("reads the members it passes down once, without running out of stack", async () => {
    const tree = `
      type Item = { id: string; children?: string[] };
      export function collect(opts: { id: string; index: Map<string, Item>; wanted: (i: Item) => boolean }): string[] | null {
        const item = opts.index.get(opts.id);
        if (!item) return null;
        const below = (item.children ?? []).map((c) => collect({ id: c, index: opts.index, wanted: opts.wanted })).filter(Boolean);
        return opts.wanted(item) || below.length ? [item.id] : null;
      }
    `;
    const report = await scanFiles({ "package.json": JSON.stringify({ name: "tree", version: "1.0.0" }), "src/tree.ts": tree });
    expect(report.errors).toEqual([]);
  });
});
