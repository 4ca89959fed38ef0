import type { SuppressionProblem } from "../rule-api/types.js";

export function describeSuppressionProblem(problem: SuppressionProblem): string {
  switch (problem.kind) {
    case "unused":
      return `unused suppression: no ${problem.ruleId} finding here to suppress`;
    case "missing-reason":
      return `suppression of ${problem.ruleId} gives no reason`;
    case "unknown-rule":
      return `suppression names an unknown rule: ${problem.ruleId}`;
  }
}
