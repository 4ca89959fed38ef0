import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { cataloguePath, loadCatalogue, parseCatalogue } from "../../src/checklist/catalogue.js";

const CHECKLIST_MD = "/work/shared/checklist.md";

describe("rules/checklist.yml", () => {
  const items = loadCatalogue();

  it("holds all 129 items of the SlowMist checklist with unique ids", () => {
    expect(items).toHaveLength(129);
    expect(new Set(items.map((i) => i.id)).size).toBe(129);
    expect(items.filter((i) => i.priority === "high")).toHaveLength(67);
    expect(items.filter((i) => i.priority === "low").map((i) => i.id)).toEqual(["INTEG-3", "APPSEC-3", "MGMT-13"]);
    expect(items.filter((i) => i.kind === "host")).toHaveLength(65);
  });

  it.skipIf(!fs.existsSync(CHECKLIST_MD))("matches the ids, priorities and kinds of the steering checklist", () => {
    const rows = [...fs.readFileSync(CHECKLIST_MD, "utf8").matchAll(/^\| \d+ \| ([A-Z]+-\d+) \| [^|]+ \| (High|Medium|Low) \| [^|]+ \| [^|]+ \| (code|config|attest|n\/a-server) \|/gm)];
    expect(rows.map((m) => [m[1], (m[2] as string).toLowerCase(), m[3] === "n/a-server" ? "host" : m[3]])).toEqual(items.map((i) => [i.id, i.priority, i.kind]));
  });

  it("names only rules that exist, and every rule names only items that exist", () => {
    const ruleIds = new Set(RULES.map((r) => r.id));
    const itemIds = new Set(items.map((i) => i.id));
    for (const item of items) for (const rule of item.rules) expect(ruleIds, `${item.id} names ${rule}`).toContain(rule);
    for (const rule of RULES) for (const id of rule.meta.checklist) expect(itemIds, `${rule.id} names ${id}`).toContain(id);
  });

  it("lists for each item exactly the rules whose metadata names it (npm run docs keeps them in sync)", () => {
    for (const item of items) expect(item.rules, item.id).toEqual(RULES.filter((r) => r.meta.checklist.includes(item.id)).map((r) => r.id));
  });

  it("is found next to the sources", () => {
    expect(cataloguePath()).toMatch(/rules[\\/]checklist\.yml$/);
  });
});

describe("parseCatalogue", () => {
  const item = "  - { id: API-1, area: server, section: API, priority: high, title: T, paraphrase: P, kind: code, rules: [] }";

  it("rejects a duplicate id, an unknown kind or priority, and a missing field, naming the item", () => {
    expect(() => parseCatalogue(`items:\n${item}\n${item}\n`)).toThrow("checklist.yml item API-1: duplicate id");
    expect(() => parseCatalogue(`items:\n${item.replace("kind: code", "kind: other")}\n`)).toThrow(/item API-1: kind must be one of/);
    expect(() => parseCatalogue(`items:\n${item.replace("priority: high", "priority: urgent")}\n`)).toThrow(/item API-1: priority must be one of/);
    expect(() => parseCatalogue(`items:\n${item.replace("title: T, ", "")}\n`)).toThrow("checklist.yml item API-1: `title` must be a non-empty string");
    expect(() => parseCatalogue("items: {}\n")).toThrow("expected a top-level `items` list");
  });
});
