import type { TreeWriter } from "./tree-writer.js";

/** packages/shared: helpers several servers import by package name (@bench/shared). */
export function writeSharedPackage(writer: TreeWriter): void {
  const dir = "packages/shared";
  writer.write(`${dir}/package.json`, `${JSON.stringify(SHARED_MANIFEST, null, 2)}\n`);
  writer.write(`${dir}/tsconfig.json`, `${JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"] }, null, 2)}\n`);
  writer.write(`${dir}/src/index.ts`, INDEX);
  writer.write(`${dir}/src/http.ts`, HTTP);
  writer.write(`${dir}/src/logger.ts`, LOGGER);
  writer.write(`${dir}/src/text.ts`, TEXT);
  writer.write(`${dir}/src/retry.ts`, RETRY);
}

export const SHARED_MANIFEST = {
  name: "@bench/shared",
  version: "1.0.0",
  private: true,
  type: "module",
  main: "src/index.ts",
  types: "src/index.ts",
  exports: { ".": "./src/index.ts" },
  dependencies: { zod: "^3.25.76" },
};

const INDEX = `export { JsonClient, type JsonClientOptions } from "./http.js";
export { createLogger, type Logger } from "./logger.js";
export { truncate, wrapUntrusted, joinLines } from "./text.js";
export { withRetry, type RetryOptions } from "./retry.js";
`;

const HTTP = `import type { ZodType } from "zod";
import { withRetry } from "./retry.js";

export interface JsonClientOptions {
  /** Fixed base URL of the API; tools only ever choose the path below it. */
  baseUrl: string;
  timeoutMs: number;
  token?: string;
  userAgent: string;
}

export class HttpStatusError extends Error {
  readonly status: number;

  constructor(method: string, pathname: string, status: number) {
    super(\`\${method} \${pathname} answered \${status}\`);
    this.name = "HttpStatusError";
    this.status = status;
  }
}

/** A JSON client bound to one base URL: every request has a timeout and every answer is parsed with a schema. */
export class JsonClient {
  private readonly baseUrl: string;
  private readonly options: JsonClientOptions;

  constructor(options: JsonClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\\/+$/, "");
  }

  getJson<T>(pathname: string, schema: ZodType<T>): Promise<T> {
    return this.send("GET", pathname, undefined, schema);
  }

  postJson<T>(pathname: string, body: unknown, schema: ZodType<T>): Promise<T> {
    return this.send("POST", pathname, body, schema);
  }

  async deleteResource(pathname: string): Promise<void> {
    const res = await fetch(this.url(pathname), { method: "DELETE", headers: this.headers(false), signal: AbortSignal.timeout(this.options.timeoutMs) });
    if (!res.ok && res.status !== 404) throw new HttpStatusError("DELETE", pathname, res.status);
  }

  private url(pathname: string): string {
    return \`\${this.baseUrl}/\${pathname.replace(/^\\/+/, "")}\`;
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.options.userAgent };
    if (json) headers["content-type"] = "application/json";
    if (this.options.token) headers.authorization = \`Bearer \${this.options.token}\`;
    return headers;
  }

  private send<T>(method: string, pathname: string, body: unknown, schema: ZodType<T>): Promise<T> {
    return withRetry(async () => {
      const res = await fetch(this.url(pathname), {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!res.ok) throw new HttpStatusError(method, pathname, res.status);
      return schema.parse(await res.json());
    }, { attempts: 3, retryOn: (error) => error instanceof HttpStatusError && (error.status === 429 || error.status >= 500) });
  }
}
`;

const LOGGER = `export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function levelFromEnv(): Level {
  const value = process.env.LOG_LEVEL;
  return value === "debug" || value === "info" || value === "warn" || value === "error" ? value : "info";
}

/** A JSON-lines logger on stderr; stdout belongs to the MCP protocol. */
export function createLogger(component: string): Logger {
  const min = RANK[levelFromEnv()];
  const write = (level: Level, message: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] < min) return;
    process.stderr.write(\`\${JSON.stringify({ at: new Date().toISOString(), level, component, message, ...fields })}\\n\`);
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}
`;

const TEXT = `/** Cuts text at a limit, marking the cut. */
export function truncate(text: string, max = 8_000): string {
  if (text.length <= max) return text;
  return \`\${text.slice(0, max)}\\n[truncated \${text.length - max} characters]\`;
}

/** Marks third-party text so the model treats it as data, not as instructions. */
export function wrapUntrusted(source: string, text: string): string {
  return \`<untrusted-content source="\${source.replace(/"/g, "'")}">\\n\${truncate(text)}\\n</untrusted-content>\`;
}

export function joinLines(lines: readonly string[], empty = "(nothing)"): string {
  const kept = lines.filter((l) => l.trim().length > 0);
  return kept.length ? kept.join("\\n") : empty;
}
`;

const RETRY = `export interface RetryOptions {
  attempts: number;
  baseDelayMs?: number;
  retryOn: (error: unknown) => boolean;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs an operation, retrying with exponential backoff while retryOn says the error is transient. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 200;
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      if (!options.retryOn(error) || attempt === options.attempts - 1) break;
      await sleep(base * 2 ** attempt + Math.floor(base * 0.1 * attempt));
    }
  }
  throw lastError;
}
`;
