import { computeGroup, dbGroup, filesGroup, gitGroup } from "./capability-groups.js";
import { emitService, entityGroup, type Group, type Service } from "./entity-group.js";
import { emitEntry } from "./entry.js";
import type { Featured } from "./entry-parts.js";
import { seedFlaw, type FlawPlanner, type FlawRule } from "./flaws.js";
import { emitLibs, type LibModule } from "./lib-modules.js";
import { dependencyRanges, npmName, writePackageFiles, type WorkspacePackage } from "./manifests.js";
import type { PackageContext, Style } from "./package-context.js";
import type { Random } from "./random.js";
import { renderGroup, type Registration } from "./render-tools.js";
import type { Lang } from "./source.js";
import type { TreeWriter } from "./tree-writer.js";
import { drawVocabulary, type Domain, type Entity } from "./vocabulary.js";

export interface PackagePlan {
  name: string;
  domain: Domain;
  style: Style;
  lang: Lang;
  ext: string;
  http: boolean;
  /** Source lines to aim for; the package stops adding tool modules once it has them. */
  budget: number;
  /** Seed every flaw still pending (the tree is nearly complete). */
  drain: boolean;
}

type PendingGroup = { kind: "entity"; entity: Entity } | { kind: "files" | "git" | "compute" } | { kind: "db"; entity: Entity };

const STYLE_DEPS: Record<Style, string[]> = {
  sdk: [],
  lowlevel: [],
  fastmcp: ["fastmcp"],
  framework: ["mcp-framework"],
};

/** Writes one MCP server package and returns what the root manifest and lockfile need. */
export function buildServerPackage(writer: TreeWriter, random: Random, flaws: FlawPlanner, plan: PackagePlan): WorkspacePackage {
  const ctx: PackageContext = {
    random,
    writer,
    domain: plan.domain,
    name: plan.name,
    prefix: plan.domain.key,
    style: plan.style,
    lang: plan.lang,
    ext: plan.ext,
    http: plan.http,
    words: drawVocabulary(random),
    sharedClient: random.chance(0.5),
    deps: new Set(["@modelcontextprotocol/sdk", "zod", ...STYLE_DEPS[plan.style]]),
    lines: 0,
  };
  if (ctx.sharedClient) ctx.deps.add(npmName("shared"));
  const queue = planGroups(ctx);
  const libs = new Set<LibModule>(["config", "logger", "errors", "client", "cache", "format", "validation", "results"]);
  if (queue.some((g) => g.kind === "files")) libs.add("paths").add("pagination");
  if (queue.some((g) => g.kind === "git")) libs.add("git");
  if (queue.some((g) => g.kind === "db")) libs.add("db");
  if (libs.has("db")) ctx.deps.add("pg");
  emitLibs(ctx, libs);

  const registrations: Registration[] = [];
  let featured: Featured | undefined;
  for (const pending of queue) {
    if (featured && ctx.lines >= plan.budget) break;
    const { group, service } = materialize(ctx, pending);
    if (pending.kind === "entity" && service) featured ??= { entity: pending.entity, service };
    const rule = flaws.take(writer.lines);
    if (rule) addFlaw(ctx, group, rule, libs);
    registrations.push(renderGroup(ctx, group));
  }
  let overdue = plan.drain ? flaws.take(writer.lines, true) : undefined;
  for (let i = 0; overdue; i++) {
    const group: Group = { slug: `legacy-${i}`, about: "maintenance tasks kept from an older version", tools: [] };
    addFlaw(ctx, group, overdue, libs);
    registrations.push(renderGroup(ctx, group));
    overdue = flaws.take(writer.lines, true);
  }
  if (!featured) throw new Error(`package ${plan.name} has no entity group`);
  emitEntry(ctx, registrations, featured, `1.${random.int(0, 9)}.${random.int(0, 20)}`);

  const pkg: WorkspacePackage = { folder: plan.name, name: npmName(plan.name), version: "1.0.0", dependencies: dependencyRanges(ctx.deps) };
  writePackageFiles(writer, pkg, `MCP server for the ${plan.domain.title}`, plan.lang === "js" ? plan.ext : undefined);
  return pkg;
}

/** Entity groups first (the first one is also offered as a resource), then the other capabilities, shuffled. */
function planGroups(ctx: PackageContext): PendingGroup[] {
  const r = ctx.random;
  const entities = r.shuffle(ctx.domain.entities);
  const [first, ...rest] = entities;
  if (!first) throw new Error(`domain ${ctx.domain.key} has no entities`);
  const others: PendingGroup[] = rest.map((entity) => ({ kind: "entity", entity }));
  if (r.chance(0.5)) others.push({ kind: "files" });
  if (r.chance(0.4)) others.push({ kind: "git" });
  if (r.chance(0.35)) others.push({ kind: "db", entity: r.pick(entities) });
  if (r.chance(0.45)) others.push({ kind: "compute" });
  return [{ kind: "entity", entity: first }, ...r.shuffle(others)];
}

function materialize(ctx: PackageContext, pending: PendingGroup): { group: Group; service?: Service } {
  switch (pending.kind) {
    case "entity": {
      const service = emitService(ctx, pending.entity);
      return { group: entityGroup(ctx, pending.entity, service), service };
    }
    case "files":
      return { group: filesGroup(ctx) };
    case "git":
      return { group: gitGroup(ctx) };
    case "db":
      return { group: dbGroup(ctx, pending.entity) };
    case "compute":
      return { group: computeGroup(ctx) };
  }
}

function addFlaw(ctx: PackageContext, group: Group, rule: FlawRule, libs: Set<LibModule>): void {
  const flaw = seedFlaw(ctx, rule, group.slug);
  group.tools.push(flaw.tool);
  flaw.deps.forEach((d) => ctx.deps.add(d));
  // A flaw that needs the database in a package without one brings the db module along.
  for (const lib of flaw.libs) {
    if (libs.has(lib)) continue;
    libs.add(lib);
    emitLibs(ctx, new Set([lib]));
  }
}
