import { FlawPlanner } from "./flaws.js";
import { writeRootFiles, type WorkspacePackage } from "./manifests.js";
import type { Style } from "./package-context.js";
import { Random } from "./random.js";
import { buildServerPackage, type PackagePlan } from "./server-package.js";
import { SHARED_MANIFEST, writeSharedPackage } from "./shared-package.js";
import { TreeWriter, type SeededFlaw } from "./tree-writer.js";
import { DOMAINS, QUALIFIERS, type Domain } from "./vocabulary.js";

export type { SeededFlaw } from "./tree-writer.js";

export interface GeneratedTree {
  files: number;
  lines: number;
  seeded: SeededFlaw[];
  /** Server package folders, relative to the root. */
  servers: string[];
}

/** Below this many lines still to write, a new server package (about 700 lines at least) would overshoot more than it fills. */
const SMALLEST_PACKAGE = 500;
/** Packages started with less than this left also take any flaw still due. */
const DRAIN_BELOW = 2_000;

/**
 * Writes a synthetic npm-workspaces monorepo of MCP servers into `root` (an empty folder): about `lines` lines of
 * TypeScript and JavaScript, clean except for the flaws listed in `seeded`. The same seed writes the same tree.
 */
export function generateMonorepo(options: { root: string; lines: number; seed?: number }): GeneratedTree {
  const random = new Random(options.seed ?? 1);
  const writer = new TreeWriter(options.root);
  const flaws = new FlawPlanner(random, options.lines);
  writeSharedPackage(writer);
  const packages: WorkspacePackage[] = [];
  const names = packageNames(random);
  const styles = styleCycle(random);
  for (let i = 0; options.lines - writer.lines >= SMALLEST_PACKAGE || packages.length === 0; i++) {
    const remaining = options.lines - writer.lines;
    const { name, domain } = names.next();
    const style = styles[i % styles.length] as Style;
    const budget = Math.min(remaining, random.int(1_200, 2_600));
    packages.push(buildServerPackage(writer, random, flaws, { name, domain, style, ...language(random, style), budget, drain: remaining < DRAIN_BELOW }));
  }
  const shared: WorkspacePackage = { folder: "shared", name: SHARED_MANIFEST.name, version: SHARED_MANIFEST.version, dependencies: SHARED_MANIFEST.dependencies };
  writeRootFiles(writer, [shared, ...packages]);
  return { files: writer.files, lines: writer.lines, seeded: writer.seeded, servers: packages.map((p) => `packages/${p.folder}`) };
}

/** Every style early on (small trees get all of them), the plain SDK style most often. */
function styleCycle(random: Random): Style[] {
  return random.shuffle<Style>(["sdk", "lowlevel", "fastmcp", "framework", "sdk"]);
}

/** Some packages are plain JavaScript (.js or .mjs, checked with allowJs); mcp-framework and HTTP servers are TypeScript. */
function language(random: Random, style: Style): Pick<PackagePlan, "lang" | "ext" | "http"> {
  if (style !== "framework" && random.chance(0.3)) return { lang: "js", ext: random.pick([".js", ".mjs"]), http: false };
  return { lang: "ts", ext: ".ts", http: style === "sdk" && random.chance(0.25) };
}

/** Unique folder names: a domain and a qualifier, domains taken in turn. */
function packageNames(random: Random): { next(): { name: string; domain: Domain } } {
  const domains = random.shuffle(DOMAINS);
  const qualifiers = random.shuffle(QUALIFIERS);
  let n = 0;
  return {
    next() {
      const domain = domains[n % domains.length] as Domain;
      const round = Math.floor(n / domains.length);
      const qualifier = qualifiers[(round + n) % qualifiers.length] as string;
      const suffix = round >= qualifiers.length ? `-${Math.floor(round / qualifiers.length) + 1}` : "";
      n++;
      return { name: `${domain.key}-${qualifier}${suffix}`, domain };
    },
  };
}
