import { emit, rel, type PackageContext } from "./package-context.js";
import { camel, Imports, literal, pascal } from "./source.js";
import { cursorParam, enumParam, flagParam, idParam, limitParam, numberParam, textParam, type Param, type ToolSpec } from "./tool-spec.js";
import type { Entity, Field } from "./vocabulary.js";

/** A set of tools written as one module, with the lib modules and dependencies they need. */
export interface Group {
  slug: string;
  /** What the tools work on, for the module's comment. */
  about: string;
  tools: ToolSpec[];
}

/** How tools call the service of an entity: free functions or methods of a service object. */
export interface Service {
  module: string;
  get: string;
  list: string;
  search: string;
  create: string;
  remove: string;
  format: string;
  table: string;
}

/** Writes src/services/<entity> and returns its calling conventions. */
export function emitService(ctx: PackageContext, entity: Entity): Service {
  const E = pascal(entity.name);
  const Ps = pascal(entity.plural) === E ? `${E}List` : pascal(entity.plural);
  const asClass = ctx.random.chance(0.4);
  const module = `services/${entity.name}`;
  const fmt = `${ctx.words.format}${E}`;
  const instance = `${camel(Ps)}Service`;
  const service: Service = asClass
    ? { module, get: `${instance}.get`, list: `${instance}.list`, search: `${instance}.search`, create: `${instance}.create`, remove: `${instance}.remove`, format: fmt, table: `${camel(E)}Table` }
    : { module, get: `get${E}`, list: `list${Ps}`, search: `search${Ps}`, create: `create${E}`, remove: `remove${E}`, format: fmt, table: `${camel(E)}Table` };
  emit(ctx, module, serviceModule(ctx, entity, E, Ps, service, asClass));
  return service;
}

function zodOf(field: Field): string {
  switch (field.kind) {
    case "text":
    case "date":
      return "z.string()";
    case "enum":
      return `z.enum([${field.values.map((v) => JSON.stringify(v)).join(", ")}])`;
    case "count":
      return "z.number()";
    case "flag":
      return "z.boolean()";
  }
}

function serviceModule(ctx: PackageContext, entity: Entity, E: string, Ps: string, s: Service, asClass: boolean): string {
  const w = ctx.words;
  const route = `/${entity.plural}`;
  const listSchema = `${E}Page`;
  const shown = entity.fields.filter((f) => f.kind !== "date").map((f) => f.name);
  const imports = new Imports()
    .add("zod", "z")
    .add(rel(ctx, "../lib/cache"), w.cacheClass)
    .add(rel(ctx, "../lib/client"), w.client)
    .add(rel(ctx, "../lib/config"), w.config)
    .add(rel(ctx, "../lib/format"), "shortDate", "table")
    .add(rel(ctx, "../lib/validation"), w.checkId);
  const schema = [
    `export const ${E} = z.object({`,
    "  id: z.string(),",
    ...entity.fields.map((f) => `  ${f.name}: ${zodOf(f)},`),
    "});",
    `«export type ${E} = z.infer<typeof ${E}>;»`,
    "",
    `const ${listSchema} = z.object({ items: z.array(${E}), nextCursor: z.string().nullish() });`,
    `«export type ${listSchema} = z.infer<typeof ${listSchema}>;»`,
  ];
  const formatter = [
    `/** Plain text for the model: the fields it needs, dates shortened. */`,
    `export function ${s.format}(item«: ${E}»)«: string» {`,
    "  const lines = [",
    `    \`\${item.id}: \${String(item.${entity.fields[0]?.name ?? "id"})}\`,`,
    ...entity.fields.slice(1).map((f) => `    \`${f.name}: \${${f.kind === "date" ? `shortDate(item.${f.name})` : `item.${f.name}`}}\`,`),
    "  ];",
    '  return lines.join("\\n");',
    "}",
    "",
    `export function ${s.table}(items«: readonly ${E}[]»)«: string» {`,
    `  return table(items, ${literal(["id", ...shown.slice(0, 3)])});`,
    "}",
  ];
  const ops = asClass ? classOps(ctx, E, Ps, route, listSchema) : functionOps(ctx, E, Ps, route, listSchema, s);
  return [imports.render(ctx.lang), "", ...schema, "", ...ops, "", ...formatter, ""].join("\n");
}

function functionOps(ctx: PackageContext, E: string, Ps: string, route: string, listSchema: string, s: Service): string[] {
  const w = ctx.words;
  return [
    `const cache = new ${w.cacheClass}«<${E}>»(${w.config}.cacheTtlMs);`,
    "",
    `export async function ${s.get}(id«: string»)«: Promise<${E}>» {`,
    `  const key = ${w.checkId}(id);`,
    `  return cache.getOrLoad(key, () => ${w.client}.getJson(\`${route}/\${encodeURIComponent(key)}\`, ${E}));`,
    "}",
    "",
    `export async function ${s.list}(limit«: number», cursor«?: string»)«: Promise<${listSchema}>» {`,
    "  const query = new URLSearchParams({ limit: String(limit) });",
    '  if (cursor) query.set("cursor", cursor);',
    `  const page = await ${w.client}.getJson(\`${route}?\${query.toString()}\`, ${listSchema});`,
    "  for (const item of page.items) cache.set(item.id, item);",
    "  return page;",
    "}",
    "",
    `export async function ${s.search}(text«: string», limit«: number»)«: Promise<${E}[]>» {`,
    "  const query = new URLSearchParams({ q: text.trim(), limit: String(limit) });",
    `  const page = await ${w.client}.getJson(\`${route}/search?\${query.toString()}\`, ${listSchema});`,
    "  return page.items;",
    "}",
    "",
    `export async function ${s.create}(input«: Omit<${E}, "id">»)«: Promise<${E}>» {`,
    `  const created = await ${w.client}.postJson("${route}", input, ${E});`,
    "  cache.set(created.id, created);",
    "  return created;",
    "}",
    "",
    `export async function ${s.remove}(id«: string»)«: Promise<void>» {`,
    `  const key = ${w.checkId}(id);`,
    `  await ${w.client}.deleteResource(\`${route}/\${encodeURIComponent(key)}\`);`,
    "  cache.delete(key);",
    "}",
  ];
}

function classOps(ctx: PackageContext, E: string, Ps: string, route: string, listSchema: string): string[] {
  const w = ctx.words;
  const cls = `${Ps}Service`;
  return [
    `/** Reads and writes ${route} of the ${ctx.domain.title}, caching single records. */`,
    `class ${cls} {`,
    `  «private readonly »cache = new ${w.cacheClass}«<${E}>»(${w.config}.cacheTtlMs);`,
    "",
    `  async get(id«: string»)«: Promise<${E}>» {`,
    `    const key = ${w.checkId}(id);`,
    "    const cached = this.cache.get(key);",
    "    if (cached) return cached;",
    `    const item = await ${w.client}.getJson(\`${route}/\${encodeURIComponent(key)}\`, ${E});`,
    "    this.cache.set(key, item);",
    "    return item;",
    "  }",
    "",
    `  async list(limit«: number», cursor«?: string»)«: Promise<${listSchema}>» {`,
    "    const query = new URLSearchParams({ limit: String(limit) });",
    '    if (cursor !== undefined && cursor.length > 0) query.set("cursor", cursor);',
    `    return ${w.client}.getJson(\`${route}?\${query.toString()}\`, ${listSchema});`,
    "  }",
    "",
    `  async search(text«: string», limit«: number»)«: Promise<${E}[]>» {`,
    "    const query = new URLSearchParams({ q: text.trim(), limit: String(limit) });",
    `    const { items } = await ${w.client}.getJson(\`${route}/search?\${query.toString()}\`, ${listSchema});`,
    "    return items;",
    "  }",
    "",
    `  async create(input«: Omit<${E}, "id">»)«: Promise<${E}>» {`,
    `    const created = await ${w.client}.postJson("${route}", input, ${E});`,
    "    this.cache.set(created.id, created);",
    "    return created;",
    "  }",
    "",
    `  async remove(id«: string»)«: Promise<void>» {`,
    `    const key = ${w.checkId}(id);`,
    `    await ${w.client}.deleteResource(\`${route}/\${encodeURIComponent(key)}\`);`,
    "    this.cache.delete(key);",
    "  }",
    "}",
    "",
    `export const ${camel(Ps)}Service = new ${cls}();`,
  ];
}

function serviceImports(ctx: PackageContext, s: Service, ...names: string[]): Imports {
  const roots = names.map((n) => n.split(".")[0] as string);
  return new Imports().add(rel(ctx, `../${s.module}`), ...new Set(roots));
}

function createParam(field: Field): Param | undefined {
  switch (field.kind) {
    case "text":
      return textParam(field.name, 200, `The ${field.name} of the new record`);
    case "enum":
      return enumParam(field.name, field.values, `The ${field.name} of the new record`);
    case "count":
      return numberParam(field.name, 0, 1_000_000, `The ${field.name} (0 to 1,000,000)`);
    case "flag":
      return flagParam(field.name, `Whether the record is ${field.name}`);
    case "date":
      return undefined;
  }
}

/** The API tools of one entity: always get and list, some of search, create, delete and a summary. */
export function entityGroup(ctx: PackageContext, entity: Entity, s: Service): Group {
  const r = ctx.random;
  const p = ctx.prefix;
  const e = entity.name;
  const what = `${e} of the ${ctx.domain.title}`;
  const open = { readOnlyHint: true, openWorldHint: true };
  const guarded = r.chance(0.5);
  const tools: ToolSpec[] = [
    {
      name: `${p}_get_${e}`,
      title: `Get ${e}`,
      description: `Get one ${what} by its id.`,
      params: [idParam("id", `Id of the ${e}`)],
      annotations: open,
      imports: guarded ? serviceImports(ctx, s, s.get, s.format).add(rel(ctx, "../lib/errors"), "describeError") : serviceImports(ctx, s, s.get, s.format),
      body: (arg, ret) =>
        !guarded
          ? [`const record = await ${s.get}(${arg("id")});`, ret(`${s.format}(record)`)]
          : ["try {", `  const record = await ${s.get}(${arg("id")});`, `  ${ret(`${s.format}(record)`)}`, "} catch (error) {", `  ${ret(`\`could not load ${e} \${${arg("id")}}: \${describeError(error)}\``)}`, "}"],
    },
    {
      name: `${p}_list_${entity.plural}`,
      title: `List ${entity.plural}`,
      description: `List ${entity.plural} of the ${ctx.domain.title}, newest first, one page at a time.`,
      params: [limitParam(100, 20), cursorParam()],
      annotations: open,
      imports: serviceImports(ctx, s, s.list, s.table),
      body: (arg, ret) => [
        `const listing = await ${s.list}(${arg("limit")}, ${arg("cursor")});`,
        `const text = ${s.table}(listing.items);`,
        `${ret(`listing.nextCursor ? \`\${text}\\n\\nmore: cursor=\${listing.nextCursor}\` : text`)}`,
      ],
    },
  ];
  if (r.chance(0.8)) {
    tools.push({
      name: `${p}_search_${entity.plural}`,
      title: `Search ${entity.plural}`,
      description: `Full-text search over ${entity.plural}.`,
      params: [textParam("query", 200, "Words to look for"), limitParam(50, 10)],
      annotations: open,
      imports: serviceImports(ctx, s, s.search, s.table),
      body: (arg, ret) => [
        `const found = await ${s.search}(${arg("query")}, ${arg("limit")});`,
        `if (found.length === 0) ${ret(`\`no ${entity.plural} match "\${${arg("query")}}"\``)}`,
        ret(`${s.table}(found)`),
      ],
    });
  }
  if (r.chance(0.6)) tools.push(createTool(ctx, entity, s));
  if (r.chance(0.45)) {
    tools.push({
      name: `${p}_delete_${e}`,
      title: `Delete ${e}`,
      description: `Delete a ${what}. This cannot be undone.`,
      params: [idParam("id", `Id of the ${e} to delete`)],
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
      imports: serviceImports(ctx, s, s.remove),
      body: (arg, ret) => [`await ${s.remove}(${arg("id")});`, ret(`\`deleted ${e} \${${arg("id")}}\``)],
    });
  }
  const summary = summaryTool(ctx, entity, s);
  if (summary && r.chance(0.7)) tools.push(summary);
  return { slug: e, about: entity.plural, tools };
}

function createTool(ctx: PackageContext, entity: Entity, s: Service): ToolSpec {
  const params = entity.fields.map(createParam).filter((p): p is Param => p !== undefined);
  const dates = entity.fields.filter((f) => f.kind === "date");
  return {
    name: `${ctx.prefix}_create_${entity.name}`,
    title: `Create ${entity.name}`,
    description: `Create a new ${entity.name} in the ${ctx.domain.title}.`,
    params,
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    imports: serviceImports(ctx, s, s.create, s.format),
    body: (arg, ret) => [
      dates.length ? "const now = new Date().toISOString();" : "",
      `const created = await ${s.create}({`,
      ...params.map((p) => (arg(p.name) === p.name ? `  ${p.name},` : `  ${p.name}: ${arg(p.name)},`)),
      ...dates.map((d) => `  ${d.name}: now,`),
      "});",
      ret(`\`created \${created.id}\\n\${${s.format}(created)}\``),
    ].filter((l) => l.length > 0),
  };
}

/** Counts per enum value and totals of numeric fields over the first page: a little real computation. */
function summaryTool(ctx: PackageContext, entity: Entity, s: Service): ToolSpec | undefined {
  const group = entity.fields.find((f) => f.kind === "enum");
  const total = entity.fields.find((f) => f.kind === "count");
  if (!group && !total) return undefined;
  const lines: string[] = [`const listing = await ${s.list}(100);`, "const out«: string[]» = [`${listing.items.length} " + entity.plural + " in the first page`];"];
  if (group) {
    lines.push(
      "const counts = new Map«<string, number>»();",
      `for (const item of listing.items) counts.set(item.${group.name}, (counts.get(item.${group.name}) ?? 0) + 1);`,
      `for (const [value, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) out.push(\`${group.name} \${value}: \${n}\`);`,
    );
  }
  if (total) {
    lines.push(
      `const values = listing.items.map((item) => item.${total.name});`,
      "if (values.length > 0) {",
      "  const sum = values.reduce((acc, v) => acc + v, 0);",
      `  out.push(\`${total.name}: total \${sum}, mean \${(sum / values.length).toFixed(1)}, max \${Math.max(...values)}\`);`,
      "}",
    );
  }
  return {
    name: `${ctx.prefix}_summarize_${entity.plural}`,
    title: `Summarize ${entity.plural}`,
    description: `Counts and totals over the most recent ${entity.plural}.`,
    params: [],
    annotations: { readOnlyHint: true, openWorldHint: true },
    imports: serviceImports(ctx, s, s.list),
    body: (_arg, ret) => [...lines, ret('out.join("\\n")')],
  };
}
