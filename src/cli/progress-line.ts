import type { ScanProgress } from "../engine/scan.js";

export interface ProgressLine {
  update(progress: ScanProgress): void;
  /** Erases the line, if one was shown. */
  stop(): void;
}

const MAX_WIDTH = 79;

/**
 * One status line rewritten in place with `\r`, shown only once the scan has run for `delayMs`.
 * Analysis is synchronous between events, so the line is redrawn on events as well as by the timer.
 */
export function createProgressLine(write: (text: string) => void, delayMs = 1000): ProgressLine {
  const started = Date.now();
  let latest: ScanProgress | undefined;
  let shownWidth = 0;
  const render = () => {
    if (latest === undefined) return;
    const text = describe(latest);
    write(`\r${text.padEnd(shownWidth)}`);
    shownWidth = text.length;
  };
  const timer = setTimeout(render, delayMs);
  timer.unref();
  return {
    update(progress) {
      latest = progress;
      if (Date.now() - started >= delayMs) render();
    },
    stop() {
      clearTimeout(timer);
      if (shownWidth > 0) write(`\r${" ".repeat(shownWidth)}\r`);
      shownWidth = 0;
    },
  };
}

function describe(progress: ScanProgress): string {
  const batch = progress.current === undefined ? "" : ` (${progress.current})`;
  const text =
    progress.phase === "load"
      ? "mcp-warden: reading files…"
      : progress.phase === "parse"
        ? `mcp-warden: parsing${batch}…`
        : progress.phase === "analyse"
          ? `mcp-warden: analysing file ${progress.done + 1} of ${progress.total}${batch}`
          : "mcp-warden: preparing the report…";
  // Guards the terminal from control characters, whatever a caller passes as the current step.
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "?");
  return safe.length > MAX_WIDTH ? `${safe.slice(0, MAX_WIDTH - 1)}…` : safe;
}
