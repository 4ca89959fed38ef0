import type { ScanStage, ScanTimings } from "../rule-api/types.js";

export const SCAN_STAGES: readonly ScanStage[] = ["load", "program", "model", "rules", "report"];

/** Milliseconds as reported: to a tenth. */
export function reportedMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Where a scan's time goes (`mcp-warden scan --timings`): a clock that charges elapsed time to the stage under way,
 * and wraps rule callbacks to charge their time to the rule as well.
 */
export class Timings {
  private readonly stages = new Map<ScanStage, number>(SCAN_STAGES.map((s) => [s, 0]));
  private readonly rules = new Map<string, number>();
  private current: ScanStage | undefined;
  private threads: number | undefined;
  private since = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Charges the time from now on to this stage, until the next stage starts or the clock stops. */
  enter(stage: ScanStage): void {
    const t = this.now();
    this.charge(t);
    this.current = stage;
    this.since = t;
  }

  stop(): void {
    this.charge(this.now());
    this.current = undefined;
  }

  /** The callback, charging each call's time to the rule. */
  forRule<A extends unknown[], R>(id: string, fn: (...args: A) => R): (...args: A) => R {
    if (!this.rules.has(id)) this.rules.set(id, 0);
    return (...args) => {
      const start = this.now();
      try {
        return fn(...args);
      } finally {
        this.rules.set(id, (this.rules.get(id) ?? 0) + this.now() - start);
      }
    };
  }

  /**
   * Charges `wallMs`, in which `threads` threads analysed batches at once, to the stages and rules they report, in
   * proportion to each one's own time: the stages still add up to the scan's wall time.
   */
  addConcurrent(wallMs: number, threads: number, parts: readonly ScanTimings[]): void {
    this.threads = threads;
    const total = parts.reduce((sum, p) => sum + SCAN_STAGES.reduce((s, stage) => s + p.stages[stage], 0), 0);
    if (total <= 0) return;
    const scale = wallMs / total;
    for (const part of parts) {
      for (const stage of SCAN_STAGES) this.stages.set(stage, (this.stages.get(stage) ?? 0) + part.stages[stage] * scale);
      for (const rule of part.rules) this.rules.set(rule.id, (this.rules.get(rule.id) ?? 0) + rule.ms * scale);
    }
  }

  toJSON(): ScanTimings {
    return {
      ...(this.threads !== undefined ? { threads: this.threads } : {}),
      stages: Object.fromEntries(SCAN_STAGES.map((s) => [s, reportedMs(this.stages.get(s) ?? 0)])) as Record<ScanStage, number>,
      rules: [...this.rules].map(([id, ms]) => ({ id, ms: reportedMs(ms) })).sort((a, b) => b.ms - a.ms || a.id.localeCompare(b.id)),
    };
  }

  private charge(t: number): void {
    if (this.current) this.stages.set(this.current, (this.stages.get(this.current) ?? 0) + t - this.since);
  }
}
