import { describe, expect, it } from "vitest";
import { badgeEndpoint, badgeSvg } from "../../src/checklist/badge.js";
import { gradeFor, scoreItems } from "../../src/checklist/score.js";
import type { ChecklistItemResult, ItemOutcome } from "../../src/rule-api/types.js";

const result = (outcome: ItemOutcome, priority: "high" | "medium" | "low" = "medium"): ChecklistItemResult => ({ id: "X-1", title: "t", section: "s", area: "server", priority, kind: "code", outcome, reason: "r", rules: [], findings: [] });

describe("scoreItems", () => {
  it("weights by priority over applicable items", () => {
    expect(scoreItems([result("pass", "high"), result("fail", "low"), result("not_applicable", "high")]).score).toBe(75);
    expect(scoreItems([result("manual"), result("manual")]).score).toBe(50);
    expect(scoreItems([result("attested")]).score).toBe(90);
    expect(scoreItems([]).score).toBe(100);
  });

  it("caps the grade at D when a high-priority item fails, and at C on an error", () => {
    const many = Array.from({ length: 30 }, () => result("pass", "high"));
    expect(scoreItems(many).grade).toBe("A");
    const failing = scoreItems([...many, result("fail", "high")]);
    expect(failing).toMatchObject({ grade: "D", uncappedGrade: "A" });
    expect(scoreItems([...many, result("fail", "medium")]).grade).toBe("A");
    expect(scoreItems([...many, result("error", "low")])).toMatchObject({ grade: "C", uncappedGrade: "A" });
  });

  it("maps scores to grades", () => {
    expect([95, 90, 89, 80, 75, 60, 59, 0].map(gradeFor)).toEqual(["A", "A", "B", "B", "C", "D", "F", "F"]);
  });
});

describe("badge", () => {
  it("renders an SVG with the grade, score and commit, and a grey one when unknown", () => {
    const svg = badgeSvg({ grade: "B", score: 84, commit: "0123456789abcdef0123" });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("B · 84");
    expect(svg).toContain("(commit 0123456789ab)");
    expect(badgeSvg(undefined)).toContain("unknown");
  });

  it("writes shields.io endpoint JSON with only the keys shields accepts", () => {
    const json = JSON.parse(badgeEndpoint({ grade: "A", score: 97, commit: "abc" }));
    expect(json).toEqual({ schemaVersion: 1, label: "MCP checklist", message: "A · 97", color: "brightgreen", cacheSeconds: 300 });
    expect(JSON.parse(badgeEndpoint(undefined))).toMatchObject({ message: "unknown", color: "lightgrey" });
  });
});
