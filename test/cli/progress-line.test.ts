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
    line.update({ phase: "analyse", done: 0, total: 2, current: "." });
    line.stop();
    vi.advanceTimersByTime(2000);
    expect(written).toEqual([]);
  });

  it("appears after a second, rewrites one line with \\r, and erases it at the end", () => {
    const line = createProgressLine(write);
    line.update({ phase: "load", done: 0, total: 1 });
    vi.advanceTimersByTime(1000);
    line.update({ phase: "analyse", done: 0, total: 2, current: "packages/server" });
    line.update({ phase: "analyse", done: 1, total: 2, current: "." });
    line.stop();
    const first = "mcp-warden: analysing package 1 of 2 (packages/server)";
    const second = "mcp-warden: analysing package 2 of 2 (.)";
    expect(written).toEqual([
      "\rmcp-warden: reading files…",
      `\r${first}`,
      `\r${second.padEnd(first.length)}`,
      `\r${" ".repeat(second.length)}\r`,
    ]);
    expect(written.join("")).not.toContain("\n");
  });

  it("keeps the line short and free of control characters from folder names", () => {
    const line = createProgressLine(write, 0);
    line.update({ phase: "analyse", done: 0, total: 1, current: `evil\u001b[2J${"x".repeat(200)}` });
    const [shown = ""] = written;
    expect(shown).not.toContain("\u001b");
    expect(shown.length).toBeLessThanOrEqual(80);
  });
});
