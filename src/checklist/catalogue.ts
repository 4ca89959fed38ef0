import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export type ItemKind = "code" | "config" | "attest" | "host";
export type Priority = "high" | "medium" | "low";
export type Area = "server" | "host" | "llm" | "multi-mcp" | "crypto";
/** Items that concern only some servers. */
export type Applicability = "http" | "crypto" | "resources";

export interface ChecklistItem {
  id: string;
  area: Area;
  section: string;
  priority: Priority;
  title: string;
  paraphrase: string;
  kind: ItemKind;
  applies?: Applicability;
  /** Rules whose findings decide the item. */
  rules: string[];
}

const KINDS = new Set<ItemKind>(["code", "config", "attest", "host"]);
const PRIORITIES = new Set<Priority>(["high", "medium", "low"]);
const AREAS = new Set<Area>(["server", "host", "llm", "multi-mcp", "crypto"]);
const APPLIES = new Set<Applicability>(["http", "crypto", "resources"]);

/** Reads and checks the catalogue text; throws with the item id and field on the first problem. */
export function parseCatalogue(text: string): ChecklistItem[] {
  const data = parse(text) as { items?: unknown };
  if (!data || !Array.isArray(data.items)) throw new Error("checklist.yml: expected a top-level `items` list");
  const seen = new Set<string>();
  return data.items.map((raw, i) => {
    const item = raw as Record<string, unknown>;
    const id = typeof item.id === "string" ? item.id : `#${i + 1}`;
    const where = `checklist.yml item ${id}`;
    const text = (key: string) => {
      const v = item[key];
      if (typeof v !== "string" || !v.trim()) throw new Error(`${where}: \`${key}\` must be a non-empty string`);
      return v;
    };
    if (!/^[A-Z]+-\d+$/.test(id)) throw new Error(`${where}: id must look like API-1`);
    if (seen.has(id)) throw new Error(`${where}: duplicate id`);
    seen.add(id);
    const kind = text("kind") as ItemKind;
    const priority = text("priority") as Priority;
    const area = text("area") as Area;
    if (!KINDS.has(kind)) throw new Error(`${where}: kind must be one of ${[...KINDS].join(", ")}`);
    if (!PRIORITIES.has(priority)) throw new Error(`${where}: priority must be one of ${[...PRIORITIES].join(", ")}`);
    if (!AREAS.has(area)) throw new Error(`${where}: area must be one of ${[...AREAS].join(", ")}`);
    if (item.applies !== undefined && !APPLIES.has(item.applies as Applicability)) throw new Error(`${where}: applies must be one of ${[...APPLIES].join(", ")}`);
    if (!Array.isArray(item.rules) || item.rules.some((r) => typeof r !== "string")) throw new Error(`${where}: rules must be a list of rule ids`);
    return {
      id,
      area,
      section: text("section"),
      priority,
      title: text("title"),
      paraphrase: text("paraphrase"),
      kind,
      ...(item.applies !== undefined ? { applies: item.applies as Applicability } : {}),
      rules: item.rules as string[],
    };
  });
}

let cached: ChecklistItem[] | undefined;

/** The catalogue shipped in rules/checklist.yml (found beside the sources or the bundle). */
export function loadCatalogue(): ChecklistItem[] {
  cached ??= parseCatalogue(fs.readFileSync(cataloguePath(), "utf8"));
  return cached;
}

export function cataloguePath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "rules", "checklist.yml");
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error("rules/checklist.yml not found next to mcp-warden's files");
}
