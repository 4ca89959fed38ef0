import type { LibModule } from "./lib-modules.js";
import { emit, rel, type PackageContext } from "./package-context.js";
import type { Random } from "./random.js";
import { Imports } from "./source.js";
import { describeParam, limitParam, textParam, type ToolSpec } from "./tool-spec.js";
import { seedMark } from "./tree-writer.js";

export const FLAW_RULES = ["no-shell-injection", "no-path-traversal", "no-ssrf", "no-code-injection", "no-sql-injection"] as const;
export type FlawRule = (typeof FLAW_RULES)[number];

/** About one seeded flaw per this many lines. */
export const LINES_PER_FLAW = 1_500;

/** Decides when the generator seeds the next flaw, and which kind: kinds rotate, positions spread over the tree. */
export class FlawPlanner {
  private readonly thresholds: number[];
  private readonly order: FlawRule[];
  private placed = 0;

  constructor(random: Random, targetLines: number) {
    const count = Math.max(1, Math.round(targetLines / LINES_PER_FLAW));
    const span = (0.9 * targetLines) / count;
    // Each flaw lands somewhere in its own slice of the first 90% of the tree, so the last one is always reached.
    this.thresholds = Array.from({ length: count }, (_, i) => span * (i + 0.1 + 0.8 * random.next()));
    this.order = random.shuffle(FLAW_RULES);
  }

  get remaining(): number {
    return this.thresholds.length - this.placed;
  }

  /** The kind of flaw to seed now that `lines` lines exist, if one is due (or if `force`, any still pending). */
  take(lines: number, force = false): FlawRule | undefined {
    const next = this.thresholds[this.placed];
    if (next === undefined || (!force && next > lines)) return undefined;
    return this.order[this.placed++ % this.order.length];
  }
}

export interface Flaw {
  tool: ToolSpec;
  libs: LibModule[];
  deps: string[];
}

/** A tool with the flaw, seeded on its sink line; some variants put the sink in a helper module of their own. */
export function seedFlaw(ctx: PackageContext, rule: FlawRule, slug: string): Flaw {
  const id = slug.replace(/-/g, "_");
  switch (rule) {
    case "no-shell-injection":
      return shellFlaw(ctx, id);
    case "no-path-traversal":
      return pathFlaw(ctx, id);
    case "no-ssrf":
      return ssrfFlaw(ctx, id);
    case "no-code-injection":
      return codeFlaw(ctx, id);
    case "no-sql-injection":
      return sqlFlaw(ctx, id);
  }
}

const refParam = () => textParam("ref", 200, "Branch, tag or commit");

function shellFlaw(ctx: PackageContext, id: string): Flaw {
  const w = ctx.words;
  const mark = seedMark("no-shell-injection");
  const root = `${w.config}.workspaceRoot`;
  const tool = (body: ToolSpec["body"], imports: Imports): Flaw => ({
    tool: { name: `${ctx.prefix}_${id}_history`, title: "Revision history", description: "Commits reachable from a branch, tag or commit.", params: [refParam()], annotations: { readOnlyHint: true, openWorldHint: false }, imports, body },
    libs: ["config"],
    deps: [],
  });
  const variant = ctx.random.int(0, 2);
  if (variant === 0) {
    return tool(
      (arg, ret) => [
        "const out = await new Promise«<string>»((resolve, reject) => {",
        `  exec(\`git log --oneline -n 30 \${${arg("ref")}}\`, { cwd: ${root}, timeout: 15_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));${mark}`,
        "});",
        ret('out.trim() || "no commits"'),
      ],
      new Imports().add("node:child_process", "exec").add(rel(ctx, "../lib/config"), w.config),
    );
  }
  if (variant === 1) {
    const module = `lib/${id.replace(/_/g, "-")}-shell`;
    emit(ctx, module, `import { exec } from "node:child_process";\nimport util from "node:util";\n\n/** Promise form of exec, shared by the history tools. */\nexport const execAsync = util.promisify(exec);\n`);
    return tool(
      (arg, ret) => [`const { stdout } = await execAsync(\`git log --format=%h%x09%s -n 25 \${${arg("ref")}}\`, { cwd: ${root}, timeout: 20_000 });${mark}`, ret('stdout.trim() || "no commits"')],
      new Imports().add(rel(ctx, `../${module}`), "execAsync").add(rel(ctx, "../lib/config"), w.config),
    );
  }
  const module = `lib/${id.replace(/_/g, "-")}-revisions`;
  const fn = `describe${id.replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase())}Revision`;
  emit(
    ctx,
    module,
    `import { execSync } from "node:child_process";
import { ${w.config} } from "${rel(ctx, "./config")}";

/** The nearest tag and the commits since it, as git describes a revision. */
export function ${fn}(ref«: string»)«: string» {
  const described = execSync(\`git describe --tags --always \${ref}\`, { cwd: ${root}, encoding: "utf8", timeout: 10_000 });${mark}
  return described.trim();
}
`,
  );
  return tool((arg, ret) => [`const described = ${fn}(${arg("ref")});`, ret("`${" + arg("ref") + "} is ${described}`")], new Imports().add(rel(ctx, `../${module}`), fn));
}

function pathFlaw(ctx: PackageContext, id: string): Flaw {
  const w = ctx.words;
  const mark = seedMark("no-path-traversal");
  const spec = (body: ToolSpec["body"], imports: Imports): Flaw => ({
    tool: { name: `${ctx.prefix}_${id}_attachment`, title: "Read attachment", description: "Read an attachment stored in the workspace.", params: [textParam("file", 300, "Attachment file name")], annotations: { readOnlyHint: true, openWorldHint: false }, imports, body },
    libs: ["config", "format"],
    deps: [],
  });
  if (ctx.random.chance(0.5)) {
    return spec(
      (arg, ret) => [`const text = await fs.readFile(path.join(${w.config}.workspaceRoot, "attachments", ${arg("file")}), "utf8");${mark}`, ret("truncate(text)")],
      new Imports().addDefault("node:fs/promises", "fs").addDefault("node:path", "path").add(rel(ctx, "../lib/config"), w.config).add(rel(ctx, "../lib/format"), "truncate"),
    );
  }
  const module = `lib/${id.replace(/_/g, "-")}-attachments`;
  const fn = `read${id.replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase())}Attachment`;
  emit(
    ctx,
    module,
    `import fs from "node:fs/promises";
import path from "node:path";
import { ${w.config} } from "${rel(ctx, "./config")}";

const ATTACHMENTS = path.join(${w.config}.workspaceRoot, "attachments");

/** Text of an attachment, cut to the first 20,000 characters. */
export async function ${fn}(name«: string»)«: Promise<string>» {
  const data = await fs.readFile(path.join(ATTACHMENTS, name), "utf8");${mark}
  return data.slice(0, 20_000);
}
`,
  );
  return spec((arg, ret) => [`const text = await ${fn}(${arg("file")});`, ret("text")], new Imports().add(rel(ctx, `../${module}`), fn));
}

function ssrfFlaw(ctx: PackageContext, id: string): Flaw {
  const mark = seedMark("no-ssrf");
  const urlParam = describeParam({ name: "url", zod: "z.string().url()", json: { type: "string", format: "uri" }, type: "string", optional: false }, "Address of the page");
  if (ctx.random.chance(0.5)) {
    return {
      tool: {
        name: `${ctx.prefix}_${id}_preview_link`,
        title: "Preview link",
        description: "Fetch a web page linked from a record and return the start of its text.",
        params: [urlParam],
        annotations: { readOnlyHint: true, openWorldHint: true },
        imports: new Imports().add(rel(ctx, "../lib/format"), "truncate"),
        body: (arg, ret) => [
          `const res = await fetch(${arg("url")}, { headers: { accept: "text/html,text/plain" }, signal: AbortSignal.timeout(10_000) });${mark}`,
          `if (!res.ok) ${ret("`the page answered ${res.status}`")}`,
          "const page = await res.text();",
          ret("truncate(page.replace(/<[^>]*>/g, \" \").replace(/\\s+/g, \" \"), 4_000)"),
        ],
      },
      libs: ["format"],
      deps: [],
    };
  }
  const module = `lib/${id.replace(/_/g, "-")}-webhooks`;
  emit(
    ctx,
    module,
    `/** Posts an event to a webhook and returns the HTTP status. */
export async function deliverEvent(target«: string», event«: Record<string, unknown>»)«: Promise<number>» {
  const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event), signal: AbortSignal.timeout(8_000) });${mark}
  return res.status;
}
`,
  );
  return {
    tool: {
      name: `${ctx.prefix}_${id}_notify_webhook`,
      title: "Notify webhook",
      description: "Send a test event to a webhook address.",
      params: [{ ...urlParam, json: { ...urlParam.json, description: "Webhook address" } }, textParam("note", 500, "Text of the test event")],
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      imports: new Imports().add(rel(ctx, `../${module}`), "deliverEvent"),
      body: (arg, ret) => [`const status = await deliverEvent(${arg("url")}, { type: "test", note: ${arg("note")}, at: new Date().toISOString() });`, ret("`webhook answered ${status}`")],
    },
    libs: [],
    deps: [],
  };
}

function codeFlaw(ctx: PackageContext, id: string): Flaw {
  const mark = seedMark("no-code-injection");
  const expression = textParam("expression", 500, "An arithmetic expression in x, e.g. 2 * x + 1");
  if (ctx.random.chance(0.5)) {
    return {
      tool: {
        name: `${ctx.prefix}_${id}_tabulate`,
        title: "Tabulate formula",
        description: "Values of a formula in x for x = 0..10.",
        params: [expression],
        annotations: { destructiveHint: true, openWorldHint: false },
        imports: new Imports(),
        body: (arg, ret) => [
          `const formula = new Function("x", \`return (\${${arg("expression")}});\`);${mark}`,
          "const rows«: string[]» = [];",
          "for (let x = 0; x <= 10; x++) rows.push(`${x}\\t${Number(formula(x))}`);",
          ret('rows.join("\\n")'),
        ],
      },
      libs: [],
      deps: [],
    };
  }
  return {
    tool: {
      name: `${ctx.prefix}_${id}_calculate`,
      title: "Calculate",
      description: "Evaluate an arithmetic expression.",
      params: [{ ...expression, json: { ...expression.json, description: "An arithmetic expression, e.g. (2 + 3) * 4" } }],
      annotations: { destructiveHint: true, openWorldHint: false },
      imports: new Imports(),
      body: (arg, ret) => [`const value = eval(${arg("expression")});${mark}`, ret("String(value)")],
    },
    libs: [],
    deps: [],
  };
}

function sqlFlaw(ctx: PackageContext, id: string): Flaw {
  const mark = seedMark("no-sql-injection");
  const table = `${ctx.domain.key}_audit`;
  const imports = new Imports().add(rel(ctx, "../lib/db"), "pool").add(rel(ctx, "../lib/format"), "table");
  if (ctx.random.chance(0.5)) {
    return {
      tool: {
        name: `${ctx.prefix}_${id}_audit_search`,
        title: "Search audit log",
        description: "Audit log entries whose message contains a term.",
        params: [textParam("term", 200, "Text to look for in audit messages")],
        annotations: { readOnlyHint: true, openWorldHint: false },
        imports,
        body: (arg, ret) => [
          `const { rows } = await pool.query(\`SELECT id, actor, message FROM ${table} WHERE message ILIKE '%\${${arg("term")}}%' ORDER BY id DESC LIMIT 50\`);${mark}`,
          ret('table(rows, ["id", "actor", "message"])'),
        ],
      },
      libs: ["db", "format"],
      deps: ["pg"],
    };
  }
  const sortBy = describeParam({ name: "sortBy", zod: "z.string().max(64)", json: { type: "string", maxLength: 64 }, type: "string", optional: false }, "Column to sort by");
  return {
    tool: {
      name: `${ctx.prefix}_${id}_audit_sorted`,
      title: "Sorted audit log",
      description: "The audit log sorted by a column.",
      params: [sortBy, limitParam(100, 20)],
      annotations: { readOnlyHint: true, openWorldHint: false },
      imports,
      body: (arg, ret) => [
        "const client = await pool.connect();",
        "try {",
        `  const result = await client.query(\`SELECT id, actor, message, created_at FROM ${table} ORDER BY \${${arg("sortBy")}} DESC LIMIT \${${arg("limit")}}\`);${mark}`,
        `  ${ret('table(result.rows, ["id", "actor", "message", "created_at"])')}`,
        "} finally {",
        "  client.release();",
        "}",
      ],
    },
    libs: ["db", "format"],
    deps: ["pg"],
  };
}
