import type { Group } from "./entity-group.js";
import { emit, rel, type PackageContext } from "./package-context.js";
import { Imports, indent, literal, pascal } from "./source.js";
import type { Annotations, ArgAccess, Param, ToolSpec } from "./tool-spec.js";

/** What the entry point must do to expose a group's tools. */
export type Registration =
  | { kind: "call"; module: string; name: string; instance: boolean }
  | { kind: "dispatch"; module: string; list: string; cases: { tool: string; input: string; handler: string }[] }
  | { kind: "discovered" };

/** Writes the module(s) of a group in the package's style. */
export function renderGroup(ctx: PackageContext, group: Group): Registration {
  switch (ctx.style) {
    case "sdk":
      return renderSdk(ctx, group);
    case "fastmcp":
      return renderFastmcp(ctx, group);
    case "lowlevel":
      return renderLowlevel(ctx, group);
    case "framework":
      group.tools.forEach((t) => renderFrameworkTool(ctx, t));
      return { kind: "discovered" };
  }
}

function annotationsText(a: Annotations, title?: string): string {
  const entries = Object.entries({ ...(title ? { title } : {}), ...a }).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `{ ${entries.join(", ")} }`;
}

function zodShape(params: readonly Param[], depth: number): string[] {
  if (params.length === 0) return ["{}"];
  if (params.length === 1) return [`{ ${params[0]?.name}: ${params[0]?.zod} }`];
  return ["{", ...indent(params.map((p) => `${p.name}: ${p.zod},`), depth + 1), `${"  ".repeat(depth)}}`];
}

/** Joins a multi-line expression after a prefix (`inputSchema: `). */
function attach(prefix: string, lines: string[], suffix: string): string[] {
  const [first, ...rest] = lines;
  if (rest.length === 0) return [`${prefix}${first}${suffix}`];
  return [`${prefix}${first}`, ...rest.slice(0, -1), `${rest[rest.length - 1]}${suffix}`];
}

/** Destructured parameters when no name shadows an import of the module, otherwise `args.name`. */
function handlerArgs(ctx: PackageContext, tool: ToolSpec, taken: ReadonlySet<string>): { param: string; arg: ArgAccess } {
  if (tool.params.length === 0) return { param: "()", arg: (n) => n };
  const clash = tool.params.some((p) => taken.has(p.name));
  if (!clash && ctx.random.chance(0.6)) return { param: `({ ${tool.params.map((p) => p.name).join(", ")} })`, arg: (n) => n };
  return { param: "(args)", arg: (n) => `args.${n}` };
}

function groupName(group: Group): string {
  return pascal(group.slug);
}

function renderSdk(ctx: PackageContext, group: Group): Registration {
  const result = ctx.words.result;
  const imports = new Imports().addType("@modelcontextprotocol/sdk/server/mcp.js", "McpServer").add(rel(ctx, "../lib/results"), result);
  if (group.tools.some((t) => t.params.length)) imports.add("zod", "z");
  group.tools.forEach((t) => imports.merge(t.imports));
  const taken = imports.names();
  const asClass = ctx.random.chance(0.3);
  const depth = asClass ? 2 : 1;
  const blocks = group.tools.map((tool) => indent(sdkTool(ctx, tool, taken, result), depth).join("\n"));
  const name = asClass ? `${groupName(group)}Tools` : `register${groupName(group)}Tools`;
  const head = `/** Tools for ${group.about} (${ctx.domain.title}). */`;
  const body = asClass
    ? [head, `export class ${name} {`, "  register(server«: McpServer»)«: void» {", blocks.join("\n\n"), "  }", "}"]
    : [head, `export function ${name}(server«: McpServer»)«: void» {`, blocks.join("\n\n"), "}"];
  const module = `tools/${group.slug}`;
  emit(ctx, module, `${imports.render(ctx.lang)}\n\n${body.join("\n")}\n`);
  return { kind: "call", module, name, instance: asClass };
}

function sdkTool(ctx: PackageContext, tool: ToolSpec, taken: ReadonlySet<string>, result: string): string[] {
  const { param, arg } = handlerArgs(ctx, tool, taken);
  const statements = indent(tool.body(arg, (e) => `return ${result}(${e});`), 1);
  if (ctx.random.chance(0.3)) {
    return [
      `server.tool(`,
      `  ${JSON.stringify(tool.name)},`,
      `  ${JSON.stringify(tool.description)},`,
      ...attach("  ", zodShape(tool.params, 1), ","),
      `  ${annotationsText(tool.annotations, tool.title)},`,
      `  async ${param} => {`,
      ...indent(statements, 1),
      "  },",
      ");",
    ];
  }
  return [
    "server.registerTool(",
    `  ${JSON.stringify(tool.name)},`,
    "  {",
    `    title: ${JSON.stringify(tool.title)},`,
    `    description: ${JSON.stringify(tool.description)},`,
    ...attach("    inputSchema: ", zodShape(tool.params, 2), ","),
    `    annotations: ${annotationsText(tool.annotations)},`,
    "  },",
    `  async ${param} => {`,
    ...indent(statements, 1),
    "  },",
    ");",
  ];
}

function renderFastmcp(ctx: PackageContext, group: Group): Registration {
  // JavaScript has no parameter type to say what `mcp` is: the module imports the instance instead.
  const imports = ctx.lang === "js" ? new Imports().add(rel(ctx, "../server"), "mcp") : new Imports().addType("fastmcp", "FastMCP");
  imports.add("zod", "z");
  group.tools.forEach((t) => imports.merge(t.imports));
  const taken = imports.names();
  const name = `add${groupName(group)}Tools`;
  const blocks = group.tools.map((tool) => {
    const { param, arg } = handlerArgs(ctx, tool, taken);
    return indent(
      [
        "mcp.addTool({",
        `  name: ${JSON.stringify(tool.name)},`,
        `  description: ${JSON.stringify(tool.description)},`,
        ...attach("  parameters: z.object(", zodShape(tool.params, 1), "),"),
        `  annotations: ${annotationsText(tool.annotations, tool.title)},`,
        `  execute: async ${param} => {`,
        ...indent(tool.body(arg, (e) => `return ${e};`), 2),
        "  },",
        "});",
      ],
      1,
    ).join("\n");
  });
  const module = `tools/${group.slug}`;
  const text = [imports.render(ctx.lang), "", `/** Tools for ${group.about} (${ctx.domain.title}). */`, `export function ${name}(${ctx.lang === "js" ? "" : "mcp: FastMCP"})«: void» {`, blocks.join("\n\n"), "}", ""];
  emit(ctx, module, text.join("\n"));
  return { kind: "call", module, name, instance: false };
}

function jsonSchema(params: readonly Param[]): Record<string, unknown> {
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [p.name, p.json])),
    required: params.filter((p) => !p.optional).map((p) => p.name),
    additionalProperties: false,
  };
}

function renderLowlevel(ctx: PackageContext, group: Group): Registration {
  const imports = new Imports().add("zod", "z");
  group.tools.forEach((t) => imports.merge(t.imports));
  const verb = ctx.random.pick(["handle", "run", "call"]);
  const cases = group.tools.map((t) => ({ tool: t.name, input: `${pascal(t.name)}Input`, handler: `${verb}${pascal(t.name)}` }));
  const list = `${groupName(group).charAt(0).toLowerCase()}${groupName(group).slice(1)}Tools`;
  const schemas = group.tools.map((t, i) => `export const ${cases[i]?.input} = z.object(${zodShape(t.params, 0).join("\n")}).strict();`);
  const definitions = group.tools.map((t) => `  ${literal({ name: t.name, title: t.title, description: t.description, inputSchema: jsonSchema(t.params), annotations: t.annotations }, 1)}`);
  const handlers = group.tools.map((t, i) => {
    const c = cases[i] as { input: string; handler: string };
    return [`export async function ${c.handler}(input«: z.infer<typeof ${c.input}>»)«: Promise<string>» {`, ...indent(t.body((n) => `input.${n}`, (e) => `return ${e};`), 1), "}"].join("\n");
  });
  const module = `tools/${group.slug}`;
  const text = [
    imports.render(ctx.lang),
    "",
    `// Tools for ${group.about}. The low-level Server does not check arguments against inputSchema: each handler gets them parsed by its schema.`,
    ...schemas,
    "",
    `/** Announced by tools/list. */`,
    `export const ${list} = [`,
    definitions.join(",\n") + ",",
    "];",
    "",
    handlers.join("\n\n"),
    "",
  ];
  emit(ctx, module, text.join("\n"));
  return { kind: "dispatch", module, list, cases };
}

function renderFrameworkTool(ctx: PackageContext, tool: ToolSpec): void {
  const base = pascal(tool.name.slice(ctx.prefix.length + 1));
  const imports = new Imports().add("mcp-framework", "MCPTool").add("zod", "z").merge(tool.imports);
  const input = `${base}Input`;
  // Defaults are filled in before execute runs: only fields that may be undefined are optional.
  const fields = tool.params.map((p) => `  ${p.name}${p.type.includes("undefined") ? "?" : ""}: ${p.type};`);
  const schema = tool.params.map((p) => `    ${p.name}: { type: ${p.zod}, description: ${JSON.stringify(String(p.json.description ?? p.name))} },`);
  const text = [
    imports.render(ctx.lang),
    "",
    fields.length ? `interface ${input} {\n${fields.join("\n")}\n}` : `type ${input} = Record<string, never>;`,
    "",
    `/** ${tool.description} */`,
    `class ${base}Tool extends MCPTool<${input}> {`,
    `  name = ${JSON.stringify(tool.name)};`,
    `  description = ${JSON.stringify(tool.description)};`,
    `  annotations = ${annotationsText(tool.annotations, tool.title)};`,
    schema.length ? `  schema = {\n${schema.join("\n")}\n  };` : "  schema = {};",
    "",
    `  async execute(${tool.params.length ? "input" : "_input"}: ${input}) {`,
    ...indent(tool.body((n) => `input.${n}`, (e) => `return ${e};`), 2),
    "  }",
    "}",
    "",
    `export default ${base}Tool;`,
    "",
  ];
  emit(ctx, `tools/${base}Tool`, text.join("\n"));
}
