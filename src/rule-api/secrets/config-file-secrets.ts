import path from "node:path";
import { jsonStringEntries, type JsonStringEntry } from "./json-string-entries.js";
import { judgeSecretValue, knownVerdict, type SecretVerdict } from "./judge-secret-value.js";
import { secretNameKind } from "./secret-name.js";
import { findKnownSecrets } from "./token-formats.js";

/** How a repository file holds settings, which decides how its values are read. */
export type ConfigFileKind = "env" | "env-example" | "client-config" | "dockerfile" | "compose" | "other";

/** A secret found in a repository file (not source code). */
export interface ConfigSecret {
  line: number;
  column: number;
  /** The variable, key or header holding it, when there is one. */
  name?: string;
  verdict: SecretVerdict;
  fileKind: ConfigFileKind;
}

const CLIENT_CONFIGS = new Set(["mcp.json", ".mcp.json", "claude_desktop_config.json", "server.json"]);
/** Lockfiles hold only integrity hashes; .npmrc belongs to no-weak-npmrc, which reports literal registry tokens. */
const SKIPPED = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", ".npmrc"]);
const EXAMPLE_ENV = /\.(example|sample|template|tmpl|tpl|dist|defaults?|test|ci|schema)$|example/i;

/** What kind of settings file a repository file is; undefined for files this rule leaves alone. */
function configFileKind(filePath: string): ConfigFileKind | undefined {
  const base = path.posix.basename(filePath);
  if (SKIPPED.has(base)) return undefined;
  if (base === ".env" || base.startsWith(".env.")) return EXAMPLE_ENV.test(base) ? "env-example" : "env";
  if (CLIENT_CONFIGS.has(base)) return "client-config";
  if (/^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(base)) return "dockerfile";
  if (/^(docker-)?compose.*\.ya?ml$/i.test(base)) return "compose";
  return "other";
}

/** Secrets committed in a repository file: `.env` values, keys in example client configs and compose files, Dockerfile ENV. */
export function findConfigSecrets(file: { path: string; text: string }): ConfigSecret[] {
  const kind = configFileKind(file.path);
  if (!kind) return [];
  const found: ConfigSecret[] = [];
  const add = (line: number, column: number, verdict: SecretVerdict | undefined, name?: string) => {
    if (verdict && !found.some((f) => f.line === line)) found.push({ line, column, verdict, fileKind: kind, ...(name ? { name } : {}) });
  };
  const lines = file.text.split(/\r?\n/);
  if (kind === "client-config") {
    const entries = jsonStringEntries(file.text);
    if (entries) for (const e of entries) add(e.line, e.column + 1, judgeJsonEntry(e), entryName(e));
  }
  lines.forEach((text, i) => {
    if (!/^\s*(#|;|\/\/)/.test(text)) for (const a of assignmentsOn(text, kind)) add(i + 1, a.column, judgeAssignment(a.name, a.value, kind), a.name);
    // Provider formats anywhere, commented out or not (a token in a workflow, in a compose command, in args of a client config).
    for (const k of findKnownSecrets(text)) if (!k.needsSecretName && !(k.privateKey && demoServiceAccount(lines, i))) add(i + 1, k.index + 1, knownVerdict(k));
  });
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `"project_id": "demo-…"` next to a service-account key: a Firebase emulator demo project, which no real key opens. */
const DEMO_PROJECT = /"project_id"\s*:\s*"demo-[\w-]*"/;

function demoServiceAccount(lines: readonly string[], at: number): boolean {
  return lines.slice(Math.max(0, at - 8), at + 9).some((l) => DEMO_PROJECT.test(l));
}

interface Assignment {
  name: string;
  value: string;
  column: number;
}

function assignmentsOn(text: string, kind: ConfigFileKind): Assignment[] {
  switch (kind) {
    case "env":
    case "env-example": {
      const m = /^(\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*)(.*)$/.exec(text);
      return m ? [{ name: m[2] as string, value: unquote(m[3] as string, true), column: (m[1] as string).length + 1 }] : [];
    }
    case "dockerfile": {
      const m = /^(\s*(?:ENV|ARG)\s+)(.*)$/i.exec(text);
      if (!m) return [];
      const rest = m[2] as string;
      const base = (m[1] as string).length;
      const pairs = [...rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g)];
      if (pairs.length) return pairs.map((p) => ({ name: p[1] as string, value: unquote(p[2] as string, false), column: base + (p.index ?? 0) + (p[1] as string).length + 2 }));
      const single = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(rest);
      return single ? [{ name: single[1] as string, value: unquote(single[2] as string, false), column: base + rest.indexOf(single[2] as string) + 1 }] : [];
    }
    case "compose": {
      const m = /^(\s*-?\s*["']?([A-Z][A-Z0-9_]*)["']?\s*[:=]\s*)(.+)$/.exec(text);
      return m ? [{ name: m[2] as string, value: unquote(m[3] as string, true), column: (m[1] as string).length + 1 }] : [];
    }
    default:
      return [];
  }
}

function judgeAssignment(name: string, value: string, kind: ConfigFileKind): SecretVerdict | undefined {
  if (/\$\{|^\$[A-Za-z_]/.test(value)) return undefined;
  return judgeSecretValue(value, { name, formatsOnly: kind === "env-example" });
}

/** A value of an `env` or `headers` member of a client config is judged by its key; anything else by its format only. */
function judgeJsonEntry(e: JsonStringEntry): SecretVerdict | undefined {
  const name = entryName(e);
  const inSettings = e.path.some((k) => k === "env" || k === "headers" || k === "environmentVariables" || k === "environment");
  if (!inSettings || !name || !secretNameKind(name)) return undefined;
  if (/\$\{|^\$[A-Za-z_]/.test(e.value)) return undefined;
  const auth = /^(?:Bearer|Basic|Token|token|Bot)\s+(\S+)$/.exec(e.value);
  return judgeSecretValue(auth ? (auth[1] as string) : e.value, { name });
}

/** `{ "name": "API_KEY", "value": "…" }` (server.json) names its value by the sibling; otherwise the key names it. */
function entryName(e: JsonStringEntry): string | undefined {
  const key = e.path[e.path.length - 1];
  if ((key === "value" || key === "default") && e.siblings.get("name")) return e.siblings.get("name");
  return key !== undefined && !/^\d+$/.test(key) ? key : undefined;
}

function unquote(raw: string, inlineComments: boolean): string {
  const v = raw.trim();
  const q = /^(["'`])(.*?)\1/.exec(v);
  if (q) return q[2] as string;
  return inlineComments ? v.replace(/\s+#.*$/, "").trim() : v;
}
