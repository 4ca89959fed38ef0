import type { ChecklistItemResult, ComplianceSummary, ItemOutcome } from "../rule-api/types.js";

type Grade = ComplianceSummary["grade"];

const WEIGHT = { high: 3, medium: 2, low: 1 } as const;
/** How much an outcome counts towards the score: unknown (manual) items count half, self-declared ones nearly full. */
const CREDIT: Record<Exclude<ItemOutcome, "not_applicable">, number> = { pass: 1, attested: 0.9, manual: 0.5, fail: 0, error: 0 };
const GRADES: readonly [number, Grade][] = [
  [90, "A"],
  [80, "B"],
  [70, "C"],
  [60, "D"],
];

/**
 * Score (0-100, weighted by priority over applicable items) and grade. A failing high-priority item caps the
 * grade at D; an item that could not be evaluated caps it at C.
 */
export function scoreItems(items: ChecklistItemResult[]): Pick<ComplianceSummary, "items" | "counts" | "score" | "grade" | "uncappedGrade"> {
  const counts: Record<ItemOutcome, number> = { pass: 0, fail: 0, not_applicable: 0, manual: 0, attested: 0, error: 0 };
  let total = 0;
  let earned = 0;
  for (const item of items) {
    counts[item.outcome]++;
    if (item.outcome === "not_applicable") continue;
    total += WEIGHT[item.priority];
    earned += WEIGHT[item.priority] * CREDIT[item.outcome];
  }
  const score = total ? Math.round((100 * earned) / total) : 100;
  const raw = gradeFor(score);
  let grade = raw;
  if (items.some((i) => i.outcome === "fail" && i.priority === "high")) grade = worse(grade, "D");
  if (items.some((i) => i.outcome === "error")) grade = worse(grade, "C");
  return { items, counts, score, grade, ...(grade !== raw ? { uncappedGrade: raw } : {}) };
}

export function gradeFor(score: number): Grade {
  return GRADES.find(([min]) => score >= min)?.[1] ?? "F";
}

function worse(a: Grade, b: Grade): Grade {
  const order: Grade[] = ["A", "B", "C", "D", "F"];
  return order[Math.max(order.indexOf(a), order.indexOf(b))] as Grade;
}
