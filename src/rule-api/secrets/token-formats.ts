import { shannonEntropy } from "./entropy.js";
import { isPlaceholderSecret } from "./placeholder.js";

/** A secret recognised by its format inside a piece of text. */
export interface KnownSecret {
  /** What it is, for messages: "GitHub personal access token". */
  kind: string;
  value: string;
  /** The public part that may be shown (`ghp_`, `sk-proj-`). */
  prefix: string;
  /** Offset of the secret in the text. */
  index: number;
  severity: "critical" | "high";
  /** A signing key for a wallet or a TLS/SSH identity (CRYPTO-1). */
  privateKey?: boolean;
  /** Only a secret when the text is bound to a secret-like name (a JWT could be a public sample). */
  needsSecretName?: boolean;
}

interface Format {
  kind: string;
  re: RegExp;
  /** Length of the public prefix of a match. */
  prefix: (m: RegExpExecArray) => string;
  severity?: "critical" | "high";
  /** Extra check of the random part (after the prefix). */
  body?: (body: string) => boolean;
  privateKey?: boolean;
  /** Replaces the generic placeholder test (long base64 bodies contain "test" or "AAAAAA" by chance). */
  placeholder?: (body: string) => boolean;
}

const randomish = (min = 3) => (body: string) => shannonEntropy(body) >= min && /\d/.test(body) && /[A-Za-z]/.test(body);
const fixed = (p: string) => () => p;
const group1 = (m: RegExpExecArray) => m[1] ?? "";

const FORMATS: Format[] = [
  { kind: "private key (PEM)", re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:\s|\\[rn])*([A-Za-z0-9+/=]{20,}(?:(?:\s|\\[rn])+[A-Za-z0-9+/=:-]+)*)/g, prefix: (m) => `-----BEGIN ${m[1]}-----`, severity: "critical", privateKey: true, body: (b) => b.replace(/\s|\\[rn]/g, "").length >= 64, placeholder: (b) => /\.\.\.|…|xxxx|XXXX|YOUR|your|EXAMPLE|<[a-z ]+>/.test(b) || repeatedFiller(b) },
  { kind: "Anthropic API key", re: /\b(sk-ant-[a-z]+\d*-)[A-Za-z0-9_-]{40,}/g, prefix: group1, body: randomish() },
  { kind: "OpenRouter API key", re: /\b(sk-or-v1-)[a-f0-9]{64}\b/g, prefix: group1, body: randomish() },
  { kind: "OpenAI API key", re: /\b(sk-(?:proj-|svcacct-|admin-|None-)?)(?!ant-|or-v1-)[A-Za-z0-9_-]{32,}/g, prefix: group1, body: randomish(3.2) },
  { kind: "GitHub token", re: /\b(gh[pousr]_)[A-Za-z0-9]{36,}\b/g, prefix: group1, body: randomish() },
  { kind: "GitHub fine-grained token", re: /\b(github_pat_)[A-Za-z0-9_]{60,}\b/g, prefix: group1, body: randomish() },
  { kind: "GitLab token", re: /\b(glpat-)[A-Za-z0-9_-]{20,}\b/g, prefix: group1, body: randomish() },
  { kind: "Slack token", re: /\b(xox[abposre]-)(?:\d+-){1,3}[A-Za-z0-9]{16,}\b/g, prefix: group1, body: randomish() },
  { kind: "Slack webhook URL", re: /(https:\/\/hooks\.slack\.com\/services\/)T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g, prefix: group1, body: randomish() },
  { kind: "Discord webhook URL", re: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/)\d+\/[A-Za-z0-9_-]{60,}/g, prefix: group1, body: randomish() },
  { kind: "AWS access key id", re: /\b((?:AKIA|ASIA|ABIA|ACCA))[A-Z0-9]{16}\b/g, prefix: group1, severity: "critical", body: (b) => shannonEntropy(b) >= 3 && /\d/.test(b) },
  { kind: "Azure storage account key", re: /(AccountKey=)[A-Za-z0-9+/]{80,}={0,2}/g, prefix: group1, severity: "critical", body: randomish() },
  { kind: "DigitalOcean token", re: /\b(do[opr]_v1_)[a-f0-9]{64}\b/g, prefix: group1, severity: "critical", body: randomish() },
  { kind: "Google API key", re: /\b(AIza)[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, prefix: group1, body: randomish() },
  { kind: "Google OAuth client secret", re: /\b(GOCSPX-)[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g, prefix: group1, body: randomish() },
  { kind: "Stripe live secret key", re: /\b((?:sk|rk)_live_)[0-9A-Za-z]{20,}\b/g, prefix: group1, severity: "critical", body: randomish() },
  { kind: "SendGrid API key", re: /\b(SG\.)[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, prefix: group1, body: randomish() },
  { kind: "npm access token", re: /\b(npm_)[A-Za-z0-9]{36}\b/g, prefix: group1, body: randomish() },
  { kind: "Hugging Face token", re: /\b(hf_)[A-Za-z0-9]{34,}\b/g, prefix: group1, body: (b) => shannonEntropy(b) >= 3.5 },
  { kind: "Groq API key", re: /\b(gsk_)[A-Za-z0-9]{48,}\b/g, prefix: group1, body: randomish() },
  { kind: "xAI API key", re: /\b(xai-)[A-Za-z0-9]{70,}\b/g, prefix: group1, body: randomish() },
  { kind: "Tavily API key", re: /\b(tvly-(?:dev-|prod-)?)[A-Za-z0-9]{24,}\b/g, prefix: group1, body: randomish() },
  { kind: "Firecrawl API key", re: /\b(fc-)[a-f0-9]{32}\b/g, prefix: group1, body: randomish() },
  { kind: "Replicate API token", re: /\b(r8_)[A-Za-z0-9]{37}\b/g, prefix: group1, body: randomish() },
  { kind: "Perplexity API key", re: /\b(pplx-)[A-Za-z0-9]{40,}\b/g, prefix: group1, body: randomish() },
  { kind: "Linear API key", re: /\b(lin_api_)[A-Za-z0-9]{40}\b/g, prefix: group1, body: randomish() },
  { kind: "Notion integration token", re: /\b(ntn_|secret_)[A-Za-z0-9]{43,46}\b/g, prefix: group1, body: randomish(3.5) },
  { kind: "Supabase access token", re: /\b(sbp_|sb_secret_)[A-Za-z0-9_-]{32,}\b/g, prefix: group1, body: randomish() },
  { kind: "Shopify access token", re: /\b(shp(?:at|ca|pa|ss)_)[a-fA-F0-9]{32}\b/g, prefix: group1, body: randomish() },
  { kind: "Telegram bot token", re: /\b(\d{8,10}:)AA[A-Za-z0-9_-]{33}\b/g, prefix: group1, body: randomish() },
  { kind: "Mailgun API key", re: /\b(key-)[a-f0-9]{32}\b/g, prefix: group1, body: randomish() },
  { kind: "JSON Web Token", re: /\b(eyJ)[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/g, prefix: fixed("eyJ") },
];

const CONNECTION_STRING = /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver):\/\/([^:/\s@"'`]+):([^@/\s"'`]+)@([^/\s:?"'`]+)/g;
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[a-z0-9_-]+)$/i;

/** Secrets recognised by their format in a piece of text (a string literal, a line of a config file). */
export function findKnownSecrets(text: string): KnownSecret[] {
  const out: KnownSecret[] = [];
  const taken: [number, number][] = [];
  for (const f of FORMATS) {
    f.re.lastIndex = 0;
    for (let m = f.re.exec(text); m; m = f.re.exec(text)) {
      const value = m[0];
      const start = m.index;
      if (taken.some(([a, b]) => start < b && start + value.length > a)) continue;
      const prefix = f.prefix(m);
      const body = f.kind.startsWith("private key") ? (m[2] ?? "") : value.slice(prefix.length);
      if (f.body && !f.body(body)) continue;
      if (f.placeholder ? f.placeholder(body) : isPlaceholderSecret(body)) continue;
      if (f.kind === "JSON Web Token" && !realJwt(value)) continue;
      taken.push([start, start + value.length]);
      out.push({ kind: jwtKind(f.kind, value), value, prefix, index: start, severity: jwtSeverity(f, value), ...(f.privateKey ? { privateKey: true } : {}), ...(f.kind === "JSON Web Token" ? { needsSecretName: !isServiceRoleJwt(value) } : {}) });
    }
  }
  CONNECTION_STRING.lastIndex = 0;
  for (let m = CONNECTION_STRING.exec(text); m; m = CONNECTION_STRING.exec(text)) {
    const raw = m[2] ?? "";
    const password = safeDecode(raw);
    const host = m[3] ?? "";
    if (password.length < 8 || /p[a@4]s{1,2}w|secret|pwd|changeit/i.test(password) || LOCAL_HOST.test(host) || /example|sample|test|local/i.test(host) || isPlaceholderSecret(password) || shannonEntropy(password) < 2.5) continue;
    const at = m.index + m[0].indexOf(`:${raw}@`) + 1;
    out.push({ kind: "database password in a connection string", value: raw, prefix: "", index: at, severity: "high" });
  }
  return out.sort((a, b) => a.index - b.index);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray "%": keep the raw text.
    return s;
  }
}

function decodeJwtPart(part: string): Record<string, unknown> | undefined {
  try {
    const json = Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    // Not base64 JSON: not a JWT.
    return undefined;
  }
}

/** A decodable JWT that is not a published sample: Supabase anon keys and the local demo keys are public by design. */
function realJwt(token: string): boolean {
  const [header, payload] = token.split(".");
  const h = header ? decodeJwtPart(header) : undefined;
  const p = payload ? decodeJwtPart(payload) : undefined;
  if (!h || !p || typeof h.alg !== "string") return false;
  if (p.role === "anon" || p.iss === "supabase-demo") return false;
  if (isExpiredJwt(token)) return false;
  // jwt.io's sample token.
  if (p.sub === "1234567890" && p.name === "John Doe") return false;
  return true;
}

/** A JWT whose `exp` has passed: every verifier rejects it, so it grants nothing (a token captured while debugging). */
export function isExpiredJwt(token: string): boolean {
  if (!/^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return false;
  const payload = token.split(".")[1];
  const exp = payload ? decodeJwtPart(payload)?.exp : undefined;
  return typeof exp === "number" && exp * 1000 < Date.now();
}

function isServiceRoleJwt(token: string): boolean {
  const payload = token.split(".")[1];
  return !!payload && decodeJwtPart(payload)?.role === "service_role";
}

function jwtKind(kind: string, value: string): string {
  return kind === "JSON Web Token" && isServiceRoleJwt(value) ? "Supabase service-role key (JWT)" : kind;
}

function jwtSeverity(f: Format, value: string): "critical" | "high" {
  if (f.kind === "JSON Web Token") return isServiceRoleJwt(value) ? "critical" : "high";
  return f.severity ?? "high";
}

/** A PEM body typed as filler (`Q9Q9Q9…`): a few characters repeated over much of it, where DER holds at most short runs of zeros. */
function repeatedFiller(body: string): boolean {
  const b = body.replace(/\s|\\[rn]/g, "");
  const filler = [...b.matchAll(/(.{1,4}?)\1{7,}/g)].reduce((n, m) => n + m[0].length, 0);
  return filler >= 0.3 * b.length;
}
