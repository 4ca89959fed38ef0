import { clientModule, dbModule, gitModule, pathsModule } from "./lib-io-modules.js";
import { emit, rel, type PackageContext } from "./package-context.js";

/** The helper modules under src/lib/ that tools and services of a package import. */
export type LibModule = "config" | "logger" | "errors" | "client" | "cache" | "pagination" | "format" | "validation" | "results" | "paths" | "git" | "db";

export function envPrefix(ctx: PackageContext): string {
  return ctx.name.toUpperCase().replace(/-/g, "_");
}

const TEMPLATES: Record<LibModule, (ctx: PackageContext) => string> = {
  config: configModule,
  logger: loggerModule,
  errors: errorsModule,
  client: clientModule,
  cache: cacheModule,
  pagination: paginationModule,
  format: formatModule,
  validation: validationModule,
  results: resultsModule,
  paths: pathsModule,
  git: gitModule,
  db: dbModule,
};

/** Writes the lib modules a package asked for, each once. */
export function emitLibs(ctx: PackageContext, modules: ReadonlySet<LibModule>): void {
  for (const m of modules) emit(ctx, `lib/${m}`, TEMPLATES[m](ctx));
}

function configModule(ctx: PackageContext): string {
  const p = envPrefix(ctx);
  const c = ctx.words.config;
  const frozen = ctx.random.chance(0.5);
  const fields = [
    `  apiBaseUrl: (process.env.${p}_API_URL ?? "https://${ctx.domain.host}/v${ctx.random.int(1, 3)}").replace(/\\/+$/, ""),`,
    `  apiToken: process.env.${p}_API_TOKEN ?? "",`,
    `  workspaceRoot: path.resolve(process.env.${p}_WORKSPACE ?? process.cwd()),`,
    `  timeoutMs: readInteger("${p}_TIMEOUT_MS", ${ctx.random.pick(["5_000", "8_000", "10_000", "15_000"])}, 60_000),`,
    `  pageSize: readInteger("${p}_PAGE_SIZE", ${ctx.random.pick(["20", "25", "50"])}, 100),`,
    `  cacheTtlMs: readInteger("${p}_CACHE_TTL_MS", ${ctx.random.pick(["30_000", "60_000", "120_000"])}, 3_600_000),`,
    `  maxFileBytes: readInteger("${p}_MAX_FILE_BYTES", ${ctx.random.pick(["262_144", "524_288", "1_048_576"])}, 8_388_608),`,
  ];
  const loader = `load${ctx.random.pick(["Settings", "Config", "Options"])}`;
  const body = frozen
    ? [`export const ${c}«: Settings» = Object.freeze({`, ...fields, "});"]
    : [`function ${loader}()«: Settings» {`, "  return {", ...fields.map((f) => `  ${f}`), "  };", "}", "", `export const ${c} = ${loader}();`];
  return `import path from "node:path";

«/** Settings of the ${ctx.domain.title} server, read once from the environment. */
export interface Settings {
  apiBaseUrl: string;
  apiToken: string;
  workspaceRoot: string;
  timeoutMs: number;
  pageSize: number;
  cacheTtlMs: number;
  maxFileBytes: number;
}»

/** A positive integer from the environment, capped so a typo cannot make the server wait for hours. */
function readInteger(name«: string», fallback«: number», max«: number»)«: number» {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(\`\${name} must be a positive integer, got "\${raw}"\`);
  }
  return Math.min(value, max);
}

${body.join("\n")}

/** What the server may tell a client about its settings: never the token itself. */
export function publicSettings()«: Record<string, string | number | boolean>» {
  return {
    apiBaseUrl: ${c}.apiBaseUrl,
    tokenConfigured: ${c}.apiToken.length > 0,
    pageSize: ${c}.pageSize,
    timeoutMs: ${c}.timeoutMs,
  };
}
`;
}

function loggerModule(ctx: PackageContext): string {
  const l = ctx.words.logger;
  if (ctx.sharedClient) {
    return `import { createLogger } from "@bench/shared";

/** Diagnostics go to stderr: stdout carries the MCP protocol. */
export const ${l} = createLogger("${ctx.name}");
`;
  }
  return `«type Level = "debug" | "info" | "warn" | "error";»

const ORDER«: Record<Level, number>» = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = ORDER[(process.env.LOG_LEVEL ?? "info") «as Level»] ?? ORDER.info;

/** Writes one JSON line to stderr; stdout is reserved for the protocol. */
function write(level«: Level», message«: string», fields«: Record<string, unknown>» = {})«: void» {
  if (ORDER[level] < threshold) return;
  const entry = { at: new Date().toISOString(), level, server: "${ctx.name}", message, ...fields };
  process.stderr.write(\`\${JSON.stringify(entry)}\\n\`);
}

export const ${l} = {
  debug: (message«: string», fields«?: Record<string, unknown>») => write("debug", message, fields),
  info: (message«: string», fields«?: Record<string, unknown>») => write("info", message, fields),
  warn: (message«: string», fields«?: Record<string, unknown>») => write("warn", message, fields),
  error: (message«: string», fields«?: Record<string, unknown>») => write("error", message, fields),
};
`;
}

function errorsModule(ctx: PackageContext): string {
  const e = ctx.words.errorClass;
  return `/** The upstream API answered with an error status. */
export class ${e} extends Error {
  «readonly »status«: number»;
  «readonly »endpoint«: string»;

  constructor(endpoint«: string», status«: number», detail«?: string») {
    super(\`\${endpoint} answered \${status}\${detail ? \`: \${detail}\` : ""}\`);
    this.name = "${e}";
    this.status = status;
    this.endpoint = endpoint;
  }

  /** Rate limits and server errors are worth another try; client errors are not. */
  get retryable()«: boolean» {
    return this.status === 429 || this.status >= 500;
  }
}

/** A tool argument that passed the schema but makes no sense for this server. */
export class InputError extends Error {
  constructor(message«: string») {
    super(message);
    this.name = "InputError";
  }
}

/** A short, safe description of an error for a tool result: no stack, no internals. */
export function describeError(error«: unknown»)«: string» {
  if (error instanceof ${e}) return error.status === 404 ? "not found" : \`the ${ctx.domain.title} is unavailable (\${error.status})\`;
  if (error instanceof InputError) return error.message;
  if (error instanceof Error && error.name === "TimeoutError") return "the request timed out";
  return "unexpected error";
}
`;
}

function cacheModule(ctx: PackageContext): string {
  const c = ctx.words.cacheClass;
  return `«interface Slot<V> {
  value: V;
  expires: number;
}»

/** A small in-memory cache with a time to live and a size cap; the oldest entry goes first. */
export class ${c}«<V>» {
  «private readonly »slots = new Map«<string, Slot<V>>»();
  «private readonly »ttlMs«: number»;
  «private readonly »maxEntries«: number»;
  hits = 0;
  misses = 0;

  constructor(ttlMs«: number», maxEntries = ${ctx.random.pick(["200", "500", "1000"])}) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  get(key«: string»)«: V | undefined» {
    const slot = this.slots.get(key);
    if (!slot || slot.expires < Date.now()) {
      if (slot) this.slots.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return slot.value;
  }

  set(key«: string», value«: V»)«: void» {
    if (this.slots.size >= this.maxEntries) {
      const oldest = this.slots.keys().next();
      if (!oldest.done) this.slots.delete(oldest.value);
    }
    this.slots.set(key, { value, expires: Date.now() + this.ttlMs });
  }

  delete(key«: string»)«: void» {
    this.slots.delete(key);
  }

  /** Returns the cached value, or loads, stores and returns it. */
  async getOrLoad(key«: string», load«: () => Promise<V>»)«: Promise<V>» {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    this.set(key, value);
    return value;
  }

  get size()«: number» {
    return this.slots.size;
  }
}
`;
}

function paginationModule(ctx: PackageContext): string {
  const p = ctx.words.page;
  return `«export interface Page<T> {
  items: T[];
  nextCursor: string | undefined;
  total: number;
}»

const MAX_OFFSET = 100_000;

/** Cursors are opaque to the model: base64url of the next offset. */
export function encodeCursor(offset«: number»)«: string» {
  return Buffer.from(JSON.stringify({ o: offset }), "utf8").toString("base64url");
}

export function decodeCursor(cursor«: string | undefined»)«: number» {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) «as { o?: unknown }»;
    const offset = typeof parsed.o === "number" ? parsed.o : 0;
    return Number.isInteger(offset) && offset >= 0 ? Math.min(offset, MAX_OFFSET) : 0;
  } catch {
    return 0;
  }
}

/** One page of an in-memory list. */
export function ${p}«<T>»(items«: readonly T[]», limit«: number», cursor«?: string»)«: Page<T>» {
  const start = decodeCursor(cursor);
  const end = start + limit;
  return {
    items: items.slice(start, end),
    nextCursor: end < items.length ? encodeCursor(end) : undefined,
    total: items.length,
  };
}
`;
}

function formatModule(ctx: PackageContext): string {
  const width = ctx.random.pick([60, 72, 80, 100]);
  return `const ELLIPSIS = "…";

/** Shortens text for a tool result so one answer cannot flood the model's context. */
export function truncate(text«: string», max = ${ctx.random.pick(["4_000", "8_000", "12_000"])})«: string» {
  return text.length <= max ? text : text.slice(0, max - 1) + ELLIPSIS;
}

export function plural(count«: number», word«: string», many = \`\${word}s\`)«: string» {
  return \`\${count} \${count === 1 ? word : many}\`;
}

/** A date as YYYY-MM-DD HH:MM (UTC), or the input when it is not a date. */
export function shortDate(value«: string»)«: string» {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 16).replace("T", " ");
}

/** A plain-text table: columns padded to their widest cell, cells clipped at ${width} characters. */
export function table(rows«: ReadonlyArray<Record<string, unknown>>», columns«: readonly string[]»)«: string» {
  if (rows.length === 0) return "(none)";
  const cells = rows.map((row) => columns.map((c) => clip(String(row[c] ?? ""))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (values«: readonly string[]») => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const out = [line(columns), line(widths.map((w) => "-".repeat(w)))];
  for (const row of cells) out.push(line(row));
  return out.join("\\n");
}

function clip(value«: string»)«: string» {
  const flat = value.replace(/\\s+/g, " ");
  return flat.length > ${width} ? flat.slice(0, ${width - 1}) + ELLIPSIS : flat;
}

export function bulletList(items«: readonly string[]», empty = "nothing found")«: string» {
  return items.length ? items.map((i) => \`- \${i}\`).join("\\n") : empty;
}
`;
}

function validationModule(ctx: PackageContext): string {
  const v = ctx.words.checkId;
  const pattern = ctx.random.pick(["^[A-Za-z0-9_-]{1,64}$", "^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$", "^[a-zA-Z0-9-]{1,48}$"]);
  return `import { InputError } from "${rel(ctx, "./errors")}";

const ID = /${pattern}/;

/** An identifier of the ${ctx.domain.title}: trimmed and checked before it goes into a URL path. */
export function ${v}(value«: string»)«: string» {
  const id = value.trim();
  if (!ID.test(id)) throw new InputError(\`"\${id.slice(0, 40)}" is not a valid identifier\`);
  return id;
}

/** A date given as YYYY-MM-DD, returned as a Date at midnight UTC. */
export function parseDay(value«: string»)«: Date» {
  const match = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(value);
  if (!match) throw new InputError(\`expected a date like 2024-05-31, got "\${value.slice(0, 20)}"\`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) throw new InputError(\`\${value} is not a calendar date\`);
  return date;
}

/** Keeps a number inside [min, max]. */
export function clamp(value«: number», min«: number», max«: number»)«: number» {
  return Math.min(max, Math.max(min, value));
}
`;
}

function resultsModule(ctx: PackageContext): string {
  const r = ctx.words.result;
  return `«import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";»
import { truncate } from "${rel(ctx, "./format")}";

/** A text tool result, capped in length. */
export function ${r}(text«: string»)«: CallToolResult» {
  return { content: [{ type: "text", text: truncate(text) }] };
}

/** A failed tool call the model can read and recover from. */
export function errorResult(message«: string»)«: CallToolResult» {
  return { content: [{ type: "text", text: message }], isError: true };
}
`;
}
