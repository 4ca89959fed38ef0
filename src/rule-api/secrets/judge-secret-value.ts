import { shannonEntropy } from "./entropy.js";
import { jsonStringEntries } from "./json-string-entries.js";
import { isPlaceholderSecret } from "./placeholder.js";
import { PUBLIC_DEV_KEYS, PUBLIC_DEV_MNEMONICS } from "./public-dev-keys.js";
import { nameWords, secretNameKind, type SecretNameKind } from "./secret-name.js";
import { findKnownSecrets, isExpiredJwt, type KnownSecret } from "./token-formats.js";

/** A literal judged to be a real secret. */
export interface SecretVerdict {
  /** What it is, for messages: "OpenAI API key", "password", "wallet private key". */
  kind: string;
  value: string;
  /** Public prefix that may be shown. */
  prefix: string;
  severity: "critical" | "high" | "medium";
  confidence: "high" | "medium";
  /** How it was recognised. */
  basis: "format" | "wallet-key" | "mnemonic" | "entropy" | "signing-secret";
  /** A wallet key, seed phrase or TLS/SSH private key (CRYPTO-1). */
  privateKey: boolean;
}

export interface SecretContext {
  /** The name the value is bound to: variable, property, parameter, environment variable or header. */
  name?: string;
  /** The value is the fallback of an environment variable read (`process.env.X ?? "…"`). */
  fallback?: boolean;
  /** The value is passed where a wallet takes its private key (`new Wallet(…)`, `privateKeyToAccount(…)`). */
  walletKeyArgument?: boolean;
  /** The value is passed where a wallet takes its seed phrase (`Wallet.fromPhrase(…)`, `mnemonicToAccount(…)`). */
  mnemonicArgument?: boolean;
  /** Only recognise provider formats (example files: entropy guesses there are noise). */
  formatsOnly?: boolean;
  /** The value is what a presented credential is compared with (`header !== (process.env.TOKEN || "…")`). */
  verifies?: boolean;
}

const HEX_KEY = /^(0x)?[0-9a-fA-F]{64}$/;
const BASE58_SECRET = /^[1-9A-HJ-NP-Za-km-z]{86,90}$/;
const WALLET_KEY_WORDS = new Set(["key", "pk", "secret", "signer", "wallet", "private", "owner", "deployer", "admin", "relayer", "operator"]);
const NOT_A_KEY_WORDS = new Set(["hash", "address", "addr", "tx", "transaction", "block", "salt", "root", "topic", "role", "slot", "nonce", "id", "commitment", "public", "pub", "selector", "code", "init", "merkle", "digest", "checksum", "hash"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCREAMING_NAME = /^[A-Z][A-Z0-9_]*$/;
const SWITCH_VALUE = /^(true|false|yes|no|on|off|enabled?|disabled?)$/i;

/** Whether a string literal (with what it is bound to) holds a real secret, and which. */
export function judgeSecretValue(raw: string, ctx: SecretContext = {}): SecretVerdict | undefined {
  const value = raw.trim();
  const nameKind = ctx.name ? secretNameKind(ctx.name) : undefined;
  const known = findKnownSecrets(value).find((k) => !k.needsSecretName || nameKind !== undefined);
  if (known) return knownVerdict(known);
  // An expired token is not a working credential, whatever the name or its entropy says.
  if (isExpiredJwt(value)) return undefined;
  if (ctx.formatsOnly) return undefined;
  const wallet = walletKey(value, ctx, nameKind);
  if (wallet) return wallet;
  // 0x + 64 hex that is not a wallet key here is a hash, a role id or a published dev key.
  if (/^0x[0-9a-fA-F]{64}$/.test(value) && nameKind !== "signing-secret") return undefined;
  const phrase = mnemonic(value, ctx, nameKind);
  if (phrase) return phrase;
  if (!nameKind) return undefined;
  if (nameKind === "signing-secret") return signingSecret(value, ctx, ctx.name ?? "");
  // A default the server checks callers against lets anyone in, however plain it reads.
  if (ctx.fallback && ctx.verifies && nameKind !== "private-key" && nameKind !== "mnemonic") return signingSecret(value, ctx, ctx.name ?? "", "shared secret");
  // The encoding's entropy says nothing about what it holds: judge the text inside.
  const decoded = readableBase64(value);
  if (decoded !== undefined) return encodedVerdict(decoded, value, ctx);
  if (!looksLikeSecretText(value)) return undefined;
  if (nameKind === "password") {
    if (madeOfWords(value)) return undefined;
    // Letters of any script count as letters: "Contraseña" is a label of two classes, not a password with a symbol.
    const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((r) => r.test(value)).length;
    if (value.length < 10 || classes < 3 || shannonEntropy(value) < 3) return undefined;
    return { kind: "password", value, prefix: "", severity: "high", confidence: "medium", basis: "entropy", privateKey: false };
  }
  if (nameKind === "private-key") {
    const keyLike = (/^[A-Za-z0-9+/=_-]{40,}$/.test(value) && shannonEntropy(value) >= 4.5) || /^[0-9a-fA-F]{64,}$/.test(value);
    return keyLike ? { kind: "private key", value, prefix: "", severity: "critical", confidence: "medium", basis: "entropy", privateKey: true } : undefined;
  }
  if (nameKind === "mnemonic") return undefined;
  const mixed = /\d/.test(value) && /[A-Za-z]/.test(value);
  if (value.length < 20 || shannonEntropy(value) < 3.5 || !mixed || madeOfWords(value) || camelCaseWords(value)) return undefined;
  return { kind: credentialKind(ctx.name ?? ""), value, prefix: "", severity: "high", confidence: "medium", basis: "entropy", privateKey: false };
}

/** The text standard base64 encodes, when it is all printable (random key bytes almost never are); else undefined. */
function readableBase64(value: string): string | undefined {
  if (value.length < 16 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, "base64").toString("latin1");
  return /^[\x20-\x7e\t\r\n]+$/.test(text) ? text : undefined;
}

/**
 * `eyJVc2VyIjoi…` is `{"User":"localUser","Password":"localPassword"}`: each member judged under its key, a
 * `user:password` pair by its password, other text as the value itself.
 */
function encodedVerdict(text: string, encoded: string, ctx: SecretContext): SecretVerdict | undefined {
  const entries = /^\s*[{[]/.test(text) ? jsonStringEntries(text) : undefined;
  const pair = /^[^:\s]+:(\S+)$/.exec(text);
  const verdict = entries
    ? entries.map((e) => judgeSecretValue(e.value, { ...ctx, name: e.path.filter((k) => !/^\d+$/.test(k)).pop() ?? ctx.name })).find(Boolean)
    : pair
      ? judgeSecretValue(pair[1] as string, { ...ctx, name: "password" })
      : judgeSecretValue(text, ctx);
  return verdict && { ...verdict, value: encoded, prefix: "" };
}

/** The verdict for a secret recognised by its format. */
export function knownVerdict(known: KnownSecret): SecretVerdict {
  return { kind: known.kind, value: known.value, prefix: known.prefix, severity: known.severity, confidence: "high", basis: "format", privateKey: !!known.privateKey };
}

/** 0x + 64 hex (EVM) or a base58 secret key (Solana), bound to a key-like name or handed to a wallet. */
function walletKey(value: string, ctx: SecretContext, nameKind: SecretNameKind | undefined): SecretVerdict | undefined {
  const hex = HEX_KEY.test(value);
  const base58 = !hex && BASE58_SECRET.test(value);
  if (!hex && !base58) return undefined;
  const words = ctx.name ? nameWords(ctx.name) : [];
  if (nameKind === "signing-secret" || nameKind === "password") return undefined;
  const keyName = nameKind === "private-key" || (words.some((w) => WALLET_KEY_WORDS.has(w)) && !words.some((w) => NOT_A_KEY_WORDS.has(w)));
  if (!ctx.walletKeyArgument && !keyName) return undefined;
  if (hex && (PUBLIC_DEV_KEYS.has(value.replace(/^0x/, "").toLowerCase()) || isPlaceholderSecret(value.replace(/^0x/, "")))) return undefined;
  if (base58 && shannonEntropy(value) < 4.5) return undefined;
  return { kind: hex ? "wallet private key" : "Solana secret key", value, prefix: hex && value.startsWith("0x") ? "0x" : "", severity: "critical", confidence: "high", basis: "wallet-key", privateKey: true };
}

/** 12–24 lowercase words bound to a seed-phrase name or handed to a wallet. */
function mnemonic(value: string, ctx: SecretContext, nameKind: SecretNameKind | undefined): SecretVerdict | undefined {
  if (!ctx.mnemonicArgument && nameKind !== "mnemonic") return undefined;
  const words = value.split(/\s+/);
  if (![12, 15, 18, 21, 24].includes(words.length) || !words.every((w) => /^[a-z]{3,8}$/.test(w))) return undefined;
  if (new Set(words).size < 8 || PUBLIC_DEV_MNEMONICS.has(words.join(" "))) return undefined;
  return { kind: "wallet seed phrase", value, prefix: "", severity: "critical", confidence: "high", basis: "mnemonic", privateKey: true };
}

/** A JWT/session/cookie signing secret (or a shared secret callers present): any fixed value is a forgery key, placeholder or not. */
function signingSecret(value: string, ctx: SecretContext, name: string, kind?: string): SecretVerdict | undefined {
  // Test scaffolding ("test-signing-key") and masked samples ("****") are not shipped as real keys; "change-me" defaults are.
  if (!ctx.fallback && /test|mock|fake|dummy|example|sample/i.test(value)) return undefined;
  if (/\*\*\*|\.\.\.|…|<[^>]*>|\$\{|\{\{|x{4,}|masked|redacted/i.test(value)) return undefined;
  // "your-secret-key" in a sample is a stand-in; as the fallback of an unset variable it is the key every such install signs with.
  if (!ctx.fallback && /your/i.test(value)) return undefined;
  // REQUIRE_AUTH || "true": a switch's setting, compared to choose a mode, is no key.
  if (SWITCH_VALUE.test(value)) return undefined;
  if (value.length < (ctx.fallback ? 4 : 8) || SCREAMING_NAME.test(value) || /\s\S*\s/.test(value) || /:\/\/|^[./~]/.test(value)) return undefined;
  const encryption = !kind && nameWords(name).some((w) => w === "encryption" || w === "encrypt" || w === "cipher");
  return { kind: kind ?? (encryption ? "encryption key" : "signing secret"), value, prefix: "", severity: encryption ? "medium" : "high", confidence: "high", basis: "signing-secret", privateKey: false };
}

/**
 * "super_secret_value_67890", "my-dev-api-key-2024": words joined by hand, not a generated credential. So are
 * storage keys ("mcp-scope-step-up-replay-v1") and utility classes ("bg-success/70"): short words, numbers, versions.
 */
function madeOfWords(value: string): boolean {
  const parts = value.split(/[-_.]/).filter(Boolean);
  // A credential that names itself ("v0.8.2-client-secret", "test_api_key_1") was typed by a person.
  if (parts.length >= 2 && parts.some((p) => /^(?:secret|password|passwd|token|key|apikey|credentials?)$/i.test(p))) return true;
  if (parts.length >= 3 && parts.filter((p) => /^[a-z]{3,}$/i.test(p) && !/\d/.test(p)).length >= Math.max(2, parts.length - 1)) return true;
  const pieces = value.split(/[-_./:]/).filter(Boolean);
  return pieces.length >= 3 && pieces.some((p) => /^[a-z]{3,}$/.test(p)) && pieces.every((p) => /^[a-z]{2,}$/.test(p) || /^v?\d{1,4}$/.test(p));
}

/**
 * "panelUsageStatsBackfillV1", "lastSyncCursorState2": an identifier of camelCase words with a version (a settings or
 * storage key's name). Passwords are not judged by this: people pick them from words.
 */
function camelCaseWords(value: string): boolean {
  const m = /^(.*?[a-z])([A-Z]?\d{1,4})?$/.exec(value);
  if (!m) return false;
  const pieces = (m[1] ?? "").split(/(?=[A-Z])/);
  // Every piece a pronounceable word: random base62 almost never splits this way.
  return pieces.length >= 3 && pieces.every((p) => /^[A-Za-z][a-z]+$/.test(p) && /[aeiouy]/i.test(p));
}

/** Shapes that are never secrets even under a secret-like name: URLs, paths, env var names, UUIDs, sentences. */
function looksLikeSecretText(value: string): boolean {
  if (/\s/.test(value) || /:\/\//.test(value) || /^[./~]|^[A-Za-z]:\\/.test(value) || SCREAMING_NAME.test(value)) return false;
  if (UUID.test(value) || /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value) || /^data:/.test(value)) return false;
  // Token addresses and asset ids of crypto servers ("token" is a currency there): 0x + 40 hex, CAIP ids, URNs, Solana addresses.
  if (/^0x[0-9a-fA-F]{40}$/.test(value) || /^[a-z][a-z0-9+.-]*:[^/]/i.test(value) || isBase58PublicKey(value)) return false;
  if (/^(?:Bearer|Basic|Token|Bot)$/i.test(value) || /=[^=]/.test(value)) return false;
  // A command-line switch added to a command (" -AsSecureString", "--password-stdin"): dashes and words, nothing random.
  if (/^--?[A-Za-z]+(?:-[A-Za-z]+)*$/.test(value)) return false;
  // CSS values in a theme: `var(--chart-1)`, `rgb(0 0 0 / 50%)`.
  if (/^(?:var|rgba?|hsla?|hwb|lab|lch|oklab|oklch|calc|url|color-mix|(?:linear|radial|conic)-gradient)\(/i.test(value)) return false;
  // Keys made to be public (Stripe publishable, Mapbox public, PostHog project) and subresource-integrity hashes.
  if (/^(?:pk_(?:live|test)_|pk\.|phc_|sha(?:256|384|512)-)/.test(value)) return false;
  return !isPlaceholderSecret(value);
}

const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 of exactly 32 bytes: an ed25519 public key (a Solana address, mint or program id); a Solana secret key is 64. */
function isBase58PublicKey(value: string): boolean {
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value)) return false;
  let n = 0n;
  for (const ch of value) n = n * 58n + BigInt(BASE58_ALPHABET.indexOf(ch));
  const zeros = /^1*/.exec(value)?.[0].length ?? 0;
  return zeros + (n === 0n ? 0 : Math.ceil(n.toString(16).length / 2)) === 32;
}

function credentialKind(name: string): string {
  const words = nameWords(name);
  if (words.includes("token")) return "token";
  if (words.includes("secret")) return "secret";
  if (words.includes("key") || words.includes("keys")) return "API key";
  return "credential";
}
