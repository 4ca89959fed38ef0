/** What a name says its value is. */
export type SecretNameKind = "private-key" | "mnemonic" | "password" | "signing-secret" | "credential";

/** Words that make a name describe something about a secret (its length, header, env var, URL) rather than hold one. */
const NEUTRAL = new Set([
  "id", "ids", "name", "names", "field", "fields", "label", "placeholder", "env", "var", "vars", "variable", "url", "uri", "urls", "endpoint",
  "path", "file", "filename", "dir", "length", "len", "count", "limit", "limits", "max", "min", "size", "type", "types", "prefix", "suffix",
  "regex", "regexp", "pattern", "hint", "description", "desc", "prompt", "message", "msg", "error", "text", "title", "param", "params",
  "query", "header", "mode", "modes", "model", "models", "kind", "kinds", "method", "provider", "strategy", "scheme", "flow", "status", "state", "enabled", "required", "optional",
  "domain", "host", "port", "server", "realm", "scope", "scopes", "audience", "issuer", "callback", "redirect", "version", "revision", "timeout", "ttl",
  "expiry", "expires", "expiration", "lifetime", "duration", "seconds", "ms", "format", "schema", "validator", "validation", "policy",
  "input", "output", "storage", "cache", "store", "manager", "arn", "ref", "hash", "digest", "checksum", "public", "publishable", "anon",
  "site", "usage", "budget", "used", "remaining", "estimate", "estimated", "total", "num", "encoding", "algorithm", "alg", "location",
  "source", "help", "docs", "link", "example", "sample", "tokens", "completion", "context", "cancel", "cancellation", "next", "page",
  "continuation", "cursor", "sync", "csrf", "xsrf", "design", "lexer", "parser", "reasoning", "cached", "thinking", "address", "addr",
  "fingerprint", "length", "selector", "button", "input", "reset", "forgot", "confirm", "confirmation", "strength", "rule", "rules",
  "column", "col", "key_name", "attribute", "attr", "option", "options", "setting", "settings", "config", "dialog", "modal", "icon",
  "class", "style", "test", "mock", "fake", "dummy",
  // Telemetry ingest keys are embedded in clients by design (Segment write keys, PostHog project keys, Sentry DSNs).
  "telemetry", "posthog", "mixpanel", "amplitude", "segment", "dsn", "rudderstack",
  // "token" is a currency in crypto servers: token mints, contracts, pools and symbols.
  "mint", "contract", "caip", "erc20", "spl", "pool", "pair", "swap", "vault", "asset", "denom", "symbol", "decimals", "chain", "price", "amount", "balance", "program", "programid", "pubkey",
]);
/** Words before "key" that name a non-secret key (a cache key, a primary key, a keyboard shortcut). */
const KEY_NEUTRAL = new Set([
  "primary", "foreign", "sort", "partition", "object", "idempotency", "map", "row", "lookup", "translation", "i18n", "react", "unique",
  "dedupe", "lock", "group", "meta", "metadata", "dict", "json", "entry", "index", "item", "route", "shortcut", "hot", "keyboard", "composite",
  "redis", "bucket", "event", "element", "node", "search", "registry", "s3", "local", "session_storage", "local_storage", "tool", "resource",
  "prompt", "command", "menu", "table", "record", "hash", "sign", "label", "data", "state", "query", "mutation", "message", "write",
]);
const COMPOUNDS: Record<string, string[]> = {
  apikey: ["api", "key"], apikeys: ["api", "keys"], authtoken: ["auth", "token"], accesstoken: ["access", "token"], refreshtoken: ["refresh", "token"],
  privatekey: ["private", "key"], privkey: ["private", "key"], secretkey: ["secret", "key"], clientsecret: ["client", "secret"], accesskey: ["access", "key"],
  apitoken: ["api", "token"], bearertoken: ["bearer", "token"], sessiontoken: ["session", "token"], passwd: ["password"], pwd: ["password"],
  passphrase: ["password"], pass: ["password"], pw: ["password"], seedphrase: ["seed", "phrase"], jwtsecret: ["jwt", "secret"], creds: ["credentials"],
  cred: ["credentials"], credential: ["credentials"], apisecret: ["api", "secret"], authkey: ["auth", "key"], pk: ["private", "key"],
};
/** Qualifiers that make a secret or key one that signs or encrypts (a JWT secret, a webhook secret, an encryption key). */
const SIGNING = new Set(["jwt", "signing", "signature", "hmac", "webhook", "encryption", "encrypt", "cipher", "nextauth"]);
/** Qualifiers that make only a *secret* a signing one (a session secret signs cookies; a session key names a session). */
const SIGNING_SECRET = new Set(["session", "cookie", "csrf"]);

/** The words of an identifier, a header or an environment variable name: `OPENAI_API_KEY`, `apiKey`, `x-api-key` → [openai, api, key]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .flatMap((w) => COMPOUNDS[w] ?? [w]);
}

/**
 * Whether a name holds a secret, and which kind: `apiKey`, `GITHUB_TOKEN`, `clientSecret`, `JWT_SECRET`, `privateKey`,
 * `MNEMONIC`; not `maxTokens`, `tokenCount`, `tokenizer`, `passwordField`, `API_KEY_ENV`, `publicKey`, `cacheKey`.
 */
export function secretNameKind(name: string): SecretNameKind | undefined {
  const words = nameWords(name);
  if (!words.length || words.some((w) => NEUTRAL.has(w))) return undefined;
  const has = (w: string) => words.includes(w);
  if (has("mnemonic") || (has("seed") && (has("phrase") || words.length === 1 || has("wallet"))) || (has("recovery") && has("phrase"))) return "mnemonic";
  if (has("private") && (has("key") || has("keys"))) return "private-key";
  if (has("password")) return "password";
  if ((has("secret") || has("key")) && words.some((w) => SIGNING.has(w))) return "signing-secret";
  if (has("secret") && words.some((w) => SIGNING_SECRET.has(w))) return "signing-secret";
  if (has("token") || has("secret") || has("secrets") || has("credentials") || has("bearer") || has("authorization") || has("auth") || has("cookie")) return "credential";
  if (has("pat") && words.length <= 3) return "credential";
  const keyAt = words.findIndex((w) => w === "key" || w === "keys");
  if (keyAt > 0 && !KEY_NEUTRAL.has(words[keyAt - 1] as string)) return "credential";
  return undefined;
}
