import { rel, type PackageContext } from "./package-context.js";
import { Imports } from "./source.js";

// Templates of the lib modules that reach outside the process: the API client, the file system, git and the database.

export function clientModule(ctx: PackageContext): string {
  const w = ctx.words;
  if (ctx.sharedClient) {
    return `import { JsonClient } from "@bench/shared";
import { ${w.config} } from "${rel(ctx, "./config")}";

/** The one client of the ${ctx.domain.title} API; every path is relative to its fixed base URL. */
export const ${w.client} = new JsonClient({
  baseUrl: ${w.config}.apiBaseUrl,
  timeoutMs: ${w.config}.timeoutMs,
  token: ${w.config}.apiToken,
  userAgent: "${ctx.name}-mcp/1.0",
});
`;
  }
  if (ctx.random.chance(0.4)) return axiosClientModule(ctx);
  const attempts = ctx.random.int(2, 4);
  return `«import type { ZodType } from "zod";»
import { ${w.config} } from "${rel(ctx, "./config")}";
import { ${w.errorClass} } from "${rel(ctx, "./errors")}";
import { ${w.logger} } from "${rel(ctx, "./logger")}";

const MAX_ATTEMPTS = ${attempts};

«type Method = "GET" | "POST" | "PATCH" | "DELETE";»

function pause(ms«: number»)«: Promise<void>» {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** JSON over HTTPS to one fixed base URL, with a timeout on every request and retries on 429/5xx. */
export class ${w.clientClass} {
  «private readonly »baseUrl«: string»;
  «private readonly »timeoutMs«: number»;
  «private readonly »token«: string»;

  constructor(baseUrl«: string», timeoutMs«: number», token«: string») {
    this.baseUrl = baseUrl;
    this.timeoutMs = timeoutMs;
    this.token = token;
  }

  getJson«<T>»(pathname«: string», schema«: ZodType<T>»)«: Promise<T>» {
    return this.send("GET", pathname, undefined, schema);
  }

  postJson«<T>»(pathname«: string», body«: unknown», schema«: ZodType<T>»)«: Promise<T>» {
    return this.send("POST", pathname, body, schema);
  }

  async deleteResource(pathname«: string»)«: Promise<void>» {
    const res = await fetch(this.url(pathname), { method: "DELETE", headers: this.headers(false), signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok && res.status !== 404) throw new ${w.errorClass}(pathname, res.status);
  }

  «private »url(pathname«: string»)«: string» {
    return \`\${this.baseUrl}/\${pathname.replace(/^\\/+/, "")}\`;
  }

  «private »headers(json«: boolean»)«: Record<string, string>» {
    const headers«: Record<string, string>» = { accept: "application/json", "user-agent": "${ctx.name}-mcp/1.0" };
    if (json) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = \`Bearer \${this.token}\`;
    return headers;
  }

  «private »async send«<T>»(method«: Method», pathname«: string», body«: unknown», schema«: ZodType<T>»)«: Promise<T>» {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(this.url(pathname), {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (res.ok) return schema.parse(await res.json());
      const error = new ${w.errorClass}(pathname, res.status);
      if (!error.retryable || attempt >= MAX_ATTEMPTS) throw error;
      ${w.logger}.warn("retrying", { pathname, status: res.status, attempt });
      await pause(250 * 2 ** attempt);
    }
  }
}

export const ${w.client} = new ${w.clientClass}(${w.config}.apiBaseUrl, ${w.config}.timeoutMs, ${w.config}.apiToken);
`;
}

function axiosClientModule(ctx: PackageContext): string {
  const w = ctx.words;
  ctx.deps.add("axios");
  return `import axios from "axios";
«import type { ZodType } from "zod";»
import { ${w.config} } from "${rel(ctx, "./config")}";
import { ${w.errorClass} } from "${rel(ctx, "./errors")}";

/** Axios bound to the API's base URL, with a timeout and no redirects. */
const http = axios.create({
  baseURL: ${w.config}.apiBaseUrl,
  timeout: ${w.config}.timeoutMs,
  maxRedirects: 0,
  validateStatus: () => true,
  headers: {
    accept: "application/json",
    "user-agent": "${ctx.name}-mcp/1.0",
    ...(${w.config}.apiToken ? { authorization: \`Bearer \${${w.config}.apiToken}\` } : {}),
  },
});

/** JSON calls to the ${ctx.domain.title} API; answers are checked against a schema before anyone reads them. */
export class ${w.clientClass} {
  async getJson«<T>»(pathname«: string», schema«: ZodType<T>»)«: Promise<T>» {
    // Leading slashes are dropped so axios never mistakes the path for an absolute URL.
    const res = await http.get(\`/\${pathname.replace(/^\\/+/, "")}\`);
    if (res.status >= 400) throw new ${w.errorClass}(pathname, res.status);
    return schema.parse(res.data);
  }

  async postJson«<T>»(pathname«: string», body«: unknown», schema«: ZodType<T>»)«: Promise<T>» {
    const res = await http.post(\`/\${pathname.replace(/^\\/+/, "")}\`, body);
    if (res.status >= 400) throw new ${w.errorClass}(pathname, res.status);
    return schema.parse(res.data);
  }

  async deleteResource(pathname«: string»)«: Promise<void>» {
    const res = await http.delete(\`/\${pathname.replace(/^\\/+/, "")}\`);
    if (res.status >= 400 && res.status !== 404) throw new ${w.errorClass}(pathname, res.status);
  }
}

export const ${w.client} = new ${w.clientClass}();
`;
}

export function pathsModule(ctx: PackageContext): string {
  const f = ctx.words.resolvePath;
  return `import fs from "node:fs/promises";
import path from "node:path";
import { ${ctx.words.config} } from "${rel(ctx, "./config")}";
import { InputError } from "${rel(ctx, "./errors")}";

/**
 * Resolves a path the model gave against a root, after symlinks, and refuses anything that is not the root or
 * below it (a separator after the root, so "/srv/data-old" does not pass for "/srv/data").
 */
export async function ${f}(root«: string», requested«: string»)«: Promise<string>» {
  const realRoot = await fs.realpath(root);
  const real = await fs.realpath(path.resolve(realRoot, requested));
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    throw new InputError(\`\${requested} is outside the workspace\`);
  }
  return real;
}

/** Reads a text file whose size is checked first. */
export async function readBounded(file«: string»)«: Promise<string>» {
  const info = await fs.stat(file);
  if (!info.isFile()) throw new InputError("not a regular file");
  if (info.size > ${ctx.words.config}.maxFileBytes) throw new InputError(\`file is \${info.size} bytes; the limit is \${${ctx.words.config}.maxFileBytes}\`);
  return fs.readFile(file, "utf8");
}
`;
}

export function gitModule(ctx: PackageContext): string {
  const g = ctx.words.runGit;
  const timeout = ctx.random.pick(["10_000", "15_000", "20_000"]);
  if (ctx.random.chance(0.4)) {
    ctx.deps.add("execa");
    return `import { execa } from "execa";

/** Runs git through execa: a fixed binary, an argument array, no shell, a timeout. */
export async function ${g}(args«: string[]», cwd«: string»)«: Promise<string>» {
  const { stdout } = await execa("git", args, { cwd, timeout: ${timeout}, maxBuffer: 4 * 1024 * 1024, stripFinalNewline: false });
  return stdout;
}
`;
  }
  const imports = new Imports().add("node:child_process", "execFile").add("node:util", "promisify");
  return `${imports.render(ctx.lang)}

const execFileAsync = promisify(execFile);

/** Runs git with a fixed binary, no shell, a timeout and a bounded output. */
export async function ${g}(args«: string[]», cwd«: string»)«: Promise<string>» {
  const { stdout } = await execFileAsync("git", args, { cwd, timeout: ${timeout}, maxBuffer: 4 * 1024 * 1024 });
  return stdout;
}
`;
}

export function dbModule(ctx: PackageContext): string {
  const q = ctx.words.queryRows;
  return `import pg from "pg";

/** One pool per process; statements that run longer than the timeout are cancelled by the server. */
export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: ${ctx.random.int(2, 8)},
  statement_timeout: ${ctx.random.pick(["3_000", "5_000", "10_000"])},
  idleTimeoutMillis: 30_000,
});

/** Runs a fixed statement with bound parameters and returns its rows. */
export async function ${q}«<T>»(sql«: string», params«: readonly unknown[]» = [])«: Promise<T[]>» {
  const { rows } = await pool.query(sql, [...params]);
  return rows« as T[]»;
}
`;
}
