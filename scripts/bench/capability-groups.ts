import type { Group } from "./entity-group.js";
import { rel, type PackageContext } from "./package-context.js";
import { Imports, literal } from "./source.js";
import { cursorParam, describeParam, enumParam, limitParam, numberListParam, numberParam, textParam, type ToolSpec } from "./tool-spec.js";
import type { Entity } from "./vocabulary.js";

const LOCAL = { readOnlyHint: true, openWorldHint: false };

function relPathParam(name: string, what: string) {
  return textParam(name, 500, what);
}

function dayParam(name: string, what: string) {
  return describeParam({ name, zod: "z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/)", json: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, type: "string", optional: false }, what);
}

/** Tools over files of the workspace, every path confined with the package's resolve helper. */
export function filesGroup(ctx: PackageContext): Group {
  const w = ctx.words;
  const lib = () => new Imports().add(rel(ctx, "../lib/config"), w.config).add(rel(ctx, "../lib/paths"), w.resolvePath);
  const root = `${w.config}.workspaceRoot`;
  const p = ctx.prefix;
  const tools: ToolSpec[] = [
    {
      name: `${p}_workspace_read`,
      title: "Read workspace file",
      description: "Read a text file of the workspace (size-limited).",
      params: [relPathParam("file", "Path relative to the workspace root")],
      annotations: LOCAL,
      imports: lib().add(rel(ctx, "../lib/paths"), "readBounded").add(rel(ctx, "../lib/format"), "truncate"),
      body: (arg, ret) => [`const full = await ${w.resolvePath}(${root}, ${arg("file")});`, "const text = await readBounded(full);", ret("truncate(text)")],
    },
    {
      name: `${p}_workspace_list`,
      title: "List workspace folder",
      description: "List the entries of a folder of the workspace, folders first, one page at a time.",
      params: [relPathParam("dir", "Folder relative to the workspace root"), limitParam(500, 100), cursorParam()],
      annotations: LOCAL,
      imports: lib().addDefault("node:fs/promises", "fs").add(rel(ctx, "../lib/format"), "bulletList").add(rel(ctx, "../lib/pagination"), w.page),
      body: (arg, ret) => [
        `const folder = await ${w.resolvePath}(${root}, ${arg("dir")});`,
        "const entries = await fs.readdir(folder, { withFileTypes: true });",
        "const names = entries",
        '  .filter((entry) => !entry.name.startsWith("."))',
        "  .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name))",
        "  .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));",
        `const shown = ${w.page}(names, ${arg("limit")}, ${arg("cursor")});`,
        'const more = shown.nextCursor ? `\n(${shown.total} entries; next cursor: ${shown.nextCursor})` : "";',
        ret('bulletList(shown.items, "empty folder") + more'),
      ],
    },
  ];
  if (ctx.random.chance(0.6)) {
    tools.push({
      name: `${p}_workspace_stat`,
      title: "Workspace file info",
      description: "Size and modification time of a file of the workspace.",
      params: [relPathParam("file", "Path relative to the workspace root")],
      annotations: LOCAL,
      imports: lib().addDefault("node:fs/promises", "fs").addDefault("node:path", "path"),
      body: (arg, ret) => [
        `const full = await ${w.resolvePath}(${root}, ${arg("file")});`,
        "const info = await fs.stat(full);",
        `const lines = [\`path: \${path.relative(${root}, full)}\`, \`size: \${info.size} bytes\`, \`modified: \${info.mtime.toISOString()}\`];`,
        ret('lines.join("\\n")'),
      ],
    });
  }
  if (ctx.random.chance(0.6)) {
    tools.push({
      name: `${p}_workspace_write`,
      title: "Write workspace note",
      description: "Write a text note into the workspace, replacing a note of the same name.",
      params: [relPathParam("file", "Path relative to the workspace root"), textParam("content", 100_000, "Text of the note", 0)],
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
      imports: lib().addDefault("node:fs/promises", "fs").addDefault("node:path", "path"),
      body: (arg, ret) => [
        `const folder = await ${w.resolvePath}(${root}, path.dirname(${arg("file")}));`,
        `const target = path.join(folder, path.basename(${arg("file")}));`,
        `await fs.writeFile(target, ${arg("content")}, "utf8");`,
        ret(`\`wrote \${${arg("content")}.length} characters to \${path.relative(${root}, target)}\``),
      ],
    });
  }
  if (ctx.random.chance(0.5)) {
    tools.push({
      name: `${p}_workspace_grep`,
      title: "Search in a workspace file",
      description: "Lines of a workspace file that contain a piece of text.",
      params: [relPathParam("file", "Path relative to the workspace root"), textParam("term", 200, "Text to look for"), limitParam(200, 50)],
      annotations: LOCAL,
      imports: lib().add(rel(ctx, "../lib/paths"), "readBounded").add(rel(ctx, "../lib/format"), "bulletList"),
      body: (arg, ret) => [
        `const full = await ${w.resolvePath}(${root}, ${arg("file")});`,
        'const lines = (await readBounded(full)).split("\\n");',
        "const hits«: string[]» = [];",
        `for (let i = 0; i < lines.length && hits.length < ${arg("limit")}; i++) {`,
        `  if (lines[i]?.includes(${arg("term")})) hits.push(\`\${i + 1}: \${lines[i]}\`);`,
        "}",
        ret('bulletList(hits, "no match")'),
      ],
    });
  }
  return { slug: "files", about: "files of the workspace", tools };
}

/** Tools that run git with a fixed binary, an argument array and `--` before paths. */
export function gitGroup(ctx: PackageContext): Group {
  const w = ctx.words;
  const root = `${w.config}.workspaceRoot`;
  const lib = () => new Imports().add(rel(ctx, "../lib/config"), w.config).add(rel(ctx, "../lib/git"), w.runGit);
  const p = ctx.prefix;
  const tools: ToolSpec[] = [
    {
      name: `${p}_git_log`,
      title: "File history",
      description: "The most recent commits that touched a file of the workspace.",
      params: [relPathParam("file", "Path relative to the repository root"), limitParam(50, 10)],
      annotations: LOCAL,
      imports: lib(),
      body: (arg, ret) => [`const out = await ${w.runGit}(["log", "--oneline", "-n", String(${arg("limit")}), "--", ${arg("file")}], ${root});`, ret('out.trim() || "no commits"')],
    },
    {
      name: `${p}_git_show`,
      title: "Show commit",
      description: "Author, subject and changed files of one commit.",
      params: [describeParam({ name: "sha", zod: "z.string().regex(/^[0-9a-f]{7,40}$/)", json: { type: "string", pattern: "^[0-9a-f]{7,40}$" }, type: "string", optional: false }, "Commit hash (7 to 40 hex digits)")],
      annotations: LOCAL,
      imports: lib().add(rel(ctx, "../lib/format"), "truncate"),
      body: (arg, ret) => [`const out = await ${w.runGit}(["show", "--stat", "--format=%H%n%an <%ae>%n%s", ${arg("sha")}], ${root});`, ret("truncate(out)")],
    },
  ];
  if (ctx.random.chance(0.6)) {
    tools.push({
      name: `${p}_git_blame`,
      title: "Blame lines",
      description: "Who last changed a range of lines of a file.",
      params: [relPathParam("file", "Path relative to the repository root"), numberParam("start", 1, 1_000_000, "First line"), numberParam("count", 1, 200, "Number of lines")],
      annotations: LOCAL,
      imports: lib(),
      body: (arg, ret) => [
        `const out = await ${w.runGit}(["blame", "--porcelain", "-L", \`\${${arg("start")}},+\${${arg("count")}}\`, "--", ${arg("file")}], ${root});`,
        "const authors = new Map«<string, number>»();",
        'for (const line of out.split("\\n")) {',
        '  if (!line.startsWith("author ")) continue;',
        '  const name = line.slice("author ".length);',
        "  authors.set(name, (authors.get(name) ?? 0) + 1);",
        "}",
        "const rows = [...authors.entries()].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name}: ${n} line${n === 1 ? \"\" : \"s\"}`);",
        ret('rows.join("\\n") || "no lines"'),
      ],
    });
  }
  if (ctx.random.chance(0.5)) {
    tools.push({
      name: `${p}_git_branches`,
      title: "List branches",
      description: "Local branches of the repository.",
      params: [],
      annotations: LOCAL,
      imports: lib().add(rel(ctx, "../lib/format"), "bulletList"),
      body: (_arg, ret) => [`const out = await ${w.runGit}(["branch", "--list", "--format=%(refname:short)"], ${root});`, 'const names = out.split("\\n").map((l) => l.trim()).filter(Boolean);', ret('bulletList(names, "no branches")')],
    });
  }
  return { slug: "git", about: "the git repository of the workspace", tools };
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Read-only SQL over a table named after an entity, always with bound parameters. */
export function dbGroup(ctx: PackageContext, entity: Entity): Group {
  const q = ctx.words.queryRows;
  const table = snake(entity.plural);
  const columns = ["id", ...entity.fields.slice(0, 3).map((f) => snake(f.name))];
  const choice = entity.fields.find((f) => f.kind === "enum");
  const lib = () => new Imports().add(rel(ctx, "../lib/db"), q).add(rel(ctx, "../lib/format"), "table");
  const p = ctx.prefix;
  const rowType = `«<Record<string, unknown>>»`;
  const tools: ToolSpec[] = [
    {
      name: `${p}_db_recent_${table}`,
      title: `Recent ${entity.plural} (database)`,
      description: `The most recently created ${entity.plural}, read from the reporting database.`,
      params: [dayParam("since", "Only rows created on or after this day (YYYY-MM-DD)"), limitParam(200, 25)],
      annotations: LOCAL,
      imports: lib().add(rel(ctx, "../lib/validation"), "parseDay"),
      body: (arg, ret) => [
        `const rows = await ${q}${rowType}("SELECT ${columns.join(", ")} FROM ${table} WHERE created_at >= $1 ORDER BY created_at DESC LIMIT $2", [parseDay(${arg("since")}), ${arg("limit")}]);`,
        ret(`table(rows, ${literal(columns)})`),
      ],
    },
    {
      name: `${p}_db_count_${table}`,
      title: `Count ${entity.plural} (database)`,
      description: `How many ${entity.plural} the reporting database holds${choice ? ` per ${choice.name}` : ""}.`,
      params: [],
      annotations: LOCAL,
      imports: lib(),
      body: (_arg, ret) => [
        choice
          ? `const rows = await ${q}${rowType}("SELECT ${snake(choice.name)} AS value, count(*)::int AS n FROM ${table} GROUP BY ${snake(choice.name)} ORDER BY n DESC");`
          : `const rows = await ${q}${rowType}("SELECT 'all' AS value, count(*)::int AS n FROM ${table}");`,
        ret('table(rows, ["value", "n"])'),
      ],
    },
  ];
  if (choice?.kind === "enum") {
    tools.push({
      name: `${p}_db_${table}_by_${snake(choice.name)}`,
      title: `${entity.plural} by ${choice.name} (database)`,
      description: `${entity.plural} with a given ${choice.name}.`,
      params: [enumParam("value", choice.values, `The ${choice.name} to filter on`), limitParam(200, 50)],
      annotations: LOCAL,
      imports: lib(),
      body: (arg, ret) => [
        `const rows = await ${q}${rowType}("SELECT ${columns.join(", ")} FROM ${table} WHERE ${snake(choice.name)} = $1 ORDER BY id LIMIT $2", [${arg("value")}, ${arg("limit")}]);`,
        ret(`table(rows, ${literal(columns)})`),
      ],
    });
  }
  return { slug: `db-${entity.name}`, about: `${entity.plural} in the reporting database`, tools };
}

/** Pure computation: statistics, day arithmetic and histograms with loops and bounds. */
export function computeGroup(ctx: PackageContext): Group {
  const p = ctx.prefix;
  const tools: ToolSpec[] = [
    {
      name: `${p}_calc_describe`,
      title: "Describe numbers",
      description: "Count, mean, median, 95th percentile and standard deviation of a list of numbers.",
      params: [numberListParam("values", "The numbers (at most 1000)")],
      annotations: { readOnlyHint: true, openWorldHint: false },
      imports: new Imports(),
      body: (arg, ret) => [
        `const sorted = [...${arg("values")}].sort((a, b) => a - b);`,
        "const n = sorted.length;",
        "const mean = sorted.reduce((acc, v) => acc + v, 0) / n;",
        "const at = (q«: number») => sorted[Math.min(n - 1, Math.floor(q * n))] ?? Number.NaN;",
        "let squares = 0;",
        "for (const v of sorted) squares += (v - mean) ** 2;",
        "const lines = [",
        "  `count: ${n}`,",
        "  `mean: ${mean.toFixed(3)}`,",
        "  `median: ${at(0.5)}`,",
        "  `p95: ${at(0.95)}`,",
        "  `stddev: ${Math.sqrt(squares / n).toFixed(3)}`,",
        "];",
        ret('lines.join("\\n")'),
      ],
    },
    {
      name: `${p}_calc_working_days`,
      title: "Working days between dates",
      description: "Calendar and working days (Monday to Friday) between two dates, at most ten years apart.",
      params: [dayParam("from", "First day (YYYY-MM-DD)"), dayParam("to", "Last day (YYYY-MM-DD)")],
      annotations: { readOnlyHint: true, openWorldHint: false },
      imports: new Imports().add(rel(ctx, "../lib/validation"), "parseDay").add(rel(ctx, "../lib/errors"), "InputError"),
      body: (arg, ret) => [
        `const start = parseDay(${arg("from")});`,
        `const end = parseDay(${arg("to")});`,
        "const days = Math.round((end.getTime() - start.getTime()) / 86_400_000);",
        'if (days < 0) throw new InputError("the last day is before the first");',
        'if (days > 3_660) throw new InputError("at most ten years at a time");',
        "let working = 0;",
        "for (let i = 0; i <= days; i++) {",
        "  const weekday = new Date(start.getTime() + i * 86_400_000).getUTCDay();",
        "  if (weekday !== 0 && weekday !== 6) working++;",
        "}",
        ret("`${days + 1} calendar days, ${working} working days`"),
      ],
    },
  ];
  if (ctx.random.chance(0.6)) {
    tools.push({
      name: `${p}_calc_histogram`,
      title: "Histogram",
      description: "A text histogram of a list of numbers.",
      params: [numberListParam("values", "The numbers (at most 1000)"), numberParam("buckets", 1, 50, "Number of buckets (1 to 50)")],
      annotations: { readOnlyHint: true, openWorldHint: false },
      imports: new Imports(),
      body: (arg, ret) => [
        `const min = Math.min(...${arg("values")});`,
        `const max = Math.max(...${arg("values")});`,
        `const width = (max - min) / ${arg("buckets")} || 1;`,
        `const counts = new Array«<number>»(${arg("buckets")}).fill(0);`,
        `for (const v of ${arg("values")}) {`,
        `  const i = Math.min(${arg("buckets")} - 1, Math.floor((v - min) / width));`,
        "  counts[i] = (counts[i] ?? 0) + 1;",
        "}",
        "const peak = Math.max(...counts);",
        'const rows = counts.map((c, i) => `${(min + i * width).toFixed(2).padStart(10)} | ${"#".repeat(Math.round((c / peak) * 40))} ${c}`);',
        ret('rows.join("\\n")'),
      ],
    });
  }
  return { slug: "compute", about: "numbers and dates", tools };
}
