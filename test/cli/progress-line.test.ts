import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgressLine } from "../../src/cli/progress-line.js";

describe("createProgressLine", () => {
  let written: string[];
  const write = (text: string) => written.push(text);

  beforeEach(() => {
    vi.useFakeTimers();
    written = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows nothing for a scan that ends within a second", () => {
    const line = createProgressLine(write);
    line.update({ phase: "load", done: 0, total: 1 });
    vi.advanceTimersByTime(900);
    line.update({ phase: "analyse", done: 0, total: 2 });
    line.stop();
    vi.advanceTimersByTime(2000);
    expect(written).toEqual([]);
  });

  it("appears after a second, rewrites one line with \\r, and erases it at the end", () => {
    const line = createProgressLine(write);
    line.update({ phase: "load", done: 0, total: 1 });
    vi.advanceTimersByTime(1000);
    line.update({ phase: "parse", done: 0, total: 2 });
    line.update({ phase: "analyse", done: 0, total: 2 });
    line.update({ phase: "analyse", done: 1, total: 2 });
    line.stop();
    const reading = "mcp-warden: reading files…";
    const parsing = "mcp-warden: parsing…";
    const first = "mcp-warden: analysing file 1 of 2";
    const second = "mcp-warden: analysing file 2 of 2";
    expect(written).toEqual([
      `\r${reading}`,
      `\r${parsing.padEnd(reading.length)}`,
      `\r${first.padEnd(parsing.length)}`,
      `\r${second.padEnd(first.length)}`,
      `\r${" ".repeat(second.length)}\r`,
    ]);
    expect(written.join("")).not.toContain("\n");
  });

  it("names the batch of a monorepo analysed in batches", () => {
    const line = createProgressLine(write, 0);
    line.update({ phase: "parse", done: 0, total: 1, current: "batch 2 of 3" });
    line.update({ phase: "analyse", done: 4, total: 9, current: "batch 2 of 3" });
    expect(written).toEqual(["\rmcp-warden: parsing (batch 2 of 3)…", "\rmcp-warden: analysing file 5 of 9 (batch 2 of 3)"]);
  });

  it("keeps the line short and free of control characters", () => {
    const line = createProgressLine(write, 0);
    line.update({ phase: "analyse", done: 0, total: 1, current: `evil\u001b[2J${"x".repeat(200)}` });
    const [shown = ""] = written;
    expect(shown).not.toContain("\u001b");
    expect(shown.length).toBeLessThanOrEqual(80);
  });
});
