import { createRule, propertyNameText, ts, type RuleContext } from "../src/rule-api/index.js";
import { findConfigSecrets, type ConfigSecret } from "../src/rule-api/secrets/config-file-secrets.js";
import { judgeSecretValue, knownVerdict, type SecretVerdict } from "../src/rule-api/secrets/judge-secret-value.js";
import { literalBinding, type LiteralBinding } from "../src/rule-api/secrets/literal-binding.js";
import { maskSecret } from "../src/rule-api/secrets/mask-secret.js";
import { nameWords } from "../src/rule-api/secrets/secret-name.js";
import { findKnownSecrets } from "../src/rule-api/secrets/token-formats.js";
import { variableUses } from "../src/rule-api/variable-uses.js";

/** Names that mark a literal as a sample on purpose (a redaction demo, a format example). */
const SAMPLE_NAME = new Set(["example", "sample", "fake", "dummy", "mock", "test", "placeholder", "redacted"]);
/** Words naming a collection of example data (`samples`, `SAMPLE_EVENTS`, `mockPayloads`, `userFixtures`, `WebhookExample[]`). */
const SAMPLE_COLLECTION = new Set(["sample", "samples", "example", "examples", "fixture", "fixtures", "mock", "mocks"]);
/** Words naming a list of values to refuse: known defaults, weak, leaked or blocked secrets. */
const DENYLIST_WORDS = new Set(["insecure", "weak", "bad", "blocked", "blocklist", "blacklist", "denied", "deny", "denylist", "forbidden", "banned", "disallowed", "rejected", "leaked", "compromised", "revoked", "default", "defaults"]);
/** Words that make such a list one of values to accept after all (`DEFAULT_ALLOWED_TOKENS`). */
const ALLOWLIST_WORDS = new Set(["allow", "allowed", "allowlist", "whitelist", "valid", "accepted", "trusted", "authorized", "permitted"]);
const MEMBERSHIP_METHODS = new Set(["includes", "indexOf"]);
const AUTH_SCHEME = /^(Bearer|Basic|Token|token|Bot)\s+(\S+)$/;
/** What developers write next to keys that are public or fake on purpose, and other secret scanners' allow markers. */
const PUBLIC_HINT = /\b(?:public|publishable|not\s+(?:a\s+)?(?:real\s+)?secret|not\s+a\s+real\s+(?:key|token|password|credential)|fake\s+(?:key|token|secret|password|credential)|gitleaks:allow|pragma:\s*allowlist(?:\s+nextline)?\s+secret|trufflehog:ignore|ggignore|safe\s+to\s+(?:expose|share|commit|publish)|demo\s+key|development[- ]only|test(?:ing)?\s+(?:key|token)|sample\s+key|example\s+key|documentation)\b/i;
/** Sibling options of configurations whose key is public by design: Algolia search, Firebase web apps. */
const PUBLIC_CONFIG_SIBLINGS = /^(?:indexName|algoliaAppId|authDomain|messagingSenderId|measurementId|storageBucket)$/;
/** The Firebase web SDK, whose initializeApp takes the browser config (not firebase-admin, which takes service-account keys). */
const FIREBASE_WEB_APP = /^(?:@?firebase\/(?:compat\/)?app|firebase)$/;

export default createRule({
  id: "no-hardcoded-secrets",
  meta: {
    description: "Keep API keys, tokens, passwords and private keys out of source code and committed configuration",
    severity: "high",
    confidence: "high",
    checklist: ["SAUTH-2", "CRYPTO-1"],
    cwe: ["CWE-798"],
    messages: {
      knownToken:
        "{{aKind}} ({{masked}}) is hard-coded{{where}}: anyone who can read the repository or the published package can use it, and it cannot be rotated without a release. Revoke it now, then read it from an environment variable or a secret store.",
      privateKey:
        "{{aKind}} ({{masked}}) is hard-coded{{where}}: whoever reads the repository can sign as its owner{{what}}. Move it to an encrypted keystore, a KMS or a remote signer, load it at run time, and treat the committed one as compromised.",
      likelySecret:
        "`{{name}}` is set to a literal that looks like a real {{kind}} ({{masked}}, {{length}} characters of high entropy): it ships to everyone who can read the repository or the package. Read it from an environment variable or a secret store, and revoke it if it was ever real.",
      envFallback:
        "`{{env}}` falls back to a hard-coded {{kind}} ({{masked}}) when the variable is unset: the secret ships with the code and is used silently in any deployment that forgot to set it. Drop the fallback and fail at start-up when the variable is missing; revoke the committed value.",
      signingSecret:
        "`{{name}}` is a fixed {{kind}} ({{masked}}): anyone who reads the code can {{impact}}. Generate a random value per deployment and read it from the environment or a secret store.",
      insecureDefault:
        "`{{env}}` falls back to a fixed {{kind}} ({{masked}}) when the variable is unset: in every deployment that forgets to set it, anyone who reads this code can {{impact}}. Fail at start-up instead of falling back.",
      committedEnvFile:
        "{{file}} commits {{aKind}}{{named}} ({{masked}}): the file is in the repository, so the value is readable by everyone who can clone it and stays in the history. Stop tracking the file (add it to .gitignore, keep a `.example` with placeholders) and revoke the value.",
      exampleFileSecret:
        "{{file}} is an example file but holds a real-looking {{kind}}{{named}} ({{masked}}): everyone who copies it gets the key, and it is public in the repository. Replace it with a placeholder such as `your-api-key` and revoke the value.",
      containerSecret:
        "{{file}} bakes {{aKind}}{{named}} ({{masked}}) into the image or its definition: anyone who can read the repository or pull the image can read it (`docker history`, `docker inspect`). Pass it at run time (`docker run -e`, compose `env_file`, a build secret mount) and revoke this one.",
      committedSecret:
        "{{file}} holds {{aKind}}{{named}} ({{masked}}) in plain text: it is readable by everyone who can clone the repository and stays in the history. Reference a secret instead (an environment variable, `${{ secrets.NAME }}`, a secret store) and revoke the value.",
      clientConfigSecret:
        "This {{config}} ({{file}}) holds a real-looking {{kind}}{{named}} ({{masked}}): users copy these files as they are and the value is public. Replace it with a placeholder such as `<YOUR_API_KEY>` or `${input:api-key}` and revoke it.",
    },
    docs: {
      rationale:
        "Secrets in source or in committed files are public to everyone who can read the repository or the published npm package, and they stay in the git history after removal. MCP servers hold keys to third-party APIs, databases and wallets on the user's behalf, so a leaked key spends the owner's money, reads their data or drains their wallet. A fallback such as `process.env.JWT_SECRET || \"dev-secret\"` is worse than no secret: deployments that forget the variable run with a key anyone can read.",
      remediation:
        "Read secrets from the environment (`process.env.OPENAI_API_KEY`) or a secret store (OS keychain via keytar, a cloud KMS or secret manager), fail at start-up when one is missing instead of falling back, keep `.env` files out of git (commit a `.env.example` with placeholders), and put placeholders such as `<YOUR_API_KEY>` in example client configs. Revoke any secret that was committed: removing it from the code does not remove it from history.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          // mcp-warden-ignore-next-line no-hardcoded-secrets -- a made-up token for the bad example, never valid
          'const GITHUB_TOKEN = "ghp_R8fK2mQ9vX4pL7nT3wZ6yB1cD5hJ0sAeGu2k";',
          'const server = new McpServer({ name: "issues", version: "1.0.0" });',
          'server.tool("list_issues", { repo: z.string().regex(/^[\\w.-]+\\/[\\w.-]+$/) }, async ({ repo }) => {',
          "  const res = await fetch(`https://api.github.com/repos/${repo}/issues`, { headers: { Authorization: `Bearer ${GITHUB_TOKEN}` } });",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          "const GITHUB_TOKEN = process.env.GITHUB_TOKEN;",
          'if (!GITHUB_TOKEN) throw new Error("set GITHUB_TOKEN");',
          'const server = new McpServer({ name: "issues", version: "1.0.0" });',
          'server.tool("list_issues", { repo: z.string().regex(/^[\\w.-]+\\/[\\w.-]+$/) }, async ({ repo }) => {',
          "  const res = await fetch(`https://api.github.com/repos/${repo}/issues`, { headers: { Authorization: `Bearer ${GITHUB_TOKEN}` } });",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/798.html",
      "https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure",
      "https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns",
      "https://docs.npmjs.com/using-private-packages-in-a-ci-cd-workflow",
    ],
  },
  create(context) {
    let fallbacks: { file: ts.SourceFile | undefined; byConst: Map<string, string> } = { file: undefined, byConst: new Map() };
    const checkLiteral = (lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral) => {
      if (!isValuePosition(lit)) return;
      const binding = literalBinding(lit, context);
      // const DEFAULT_KEY = "…"; const KEY = process.env.KEY || DEFAULT_KEY;
      if (!binding.fallback && binding.name && ts.isVariableDeclaration(lit.parent)) {
        const sf = lit.getSourceFile();
        if (fallbacks.file !== sf) fallbacks = { file: sf, byConst: constFallbacks(sf, context) };
        const env = fallbacks.byConst.get(binding.name);
        if (env) Object.assign(binding, { fallback: true, envName: env });
      }
      if (binding.name && nameWords(binding.name).some((w) => SAMPLE_NAME.has(w))) return;
      // Example payloads and lists of refused values hold no secret in use: only a provider's key format says one is real.
      if (inSampleCollection(lit) || inDenylist(lit, context)) binding.formatsOnly = true;
      const auth = binding.name && /^(authorization|auth)$/i.test(binding.name) ? AUTH_SCHEME.exec(lit.text) : null;
      const text = auth ? (auth[2] as string) : lit.text;
      const verdict = auth?.[1] === "Basic" ? basicPassword(text, binding.formatsOnly) : (judgeSecretValue(text, binding) ?? bearerInText(lit.text, binding));
      if (!verdict || (!verdict.privateKey && (markedPublic(lit) || inPublicConfig(lit, context)))) return;
      reportSource(context, lit, verdict, binding, auth ? `${auth[1]} ` : "");
    };
    return {
      StringLiteral: checkLiteral,
      NoSubstitutionTemplateLiteral: checkLiteral,
      TemplateExpression(tpl) {
        // `https://api.example.com/v1?key=AIza…&q=${q}`, `Bearer ghp_…`: only provider formats, the text has no single name.
        for (const part of [tpl.head, ...tpl.templateSpans.map((s) => s.literal)]) {
          const known = findKnownSecrets(part.text).find((k) => !k.needsSecretName);
          if (known) {
            reportSource(context, tpl, knownVerdict(known), {}, "");
            return;
          }
        }
      },
      check() {
        for (const file of context.auxiliaryFiles) {
          for (const found of findConfigSecrets(file)) reportConfig(context, file.path, found);
        }
      },
    };
  },
});

/** Constants used as the fallback of an environment variable in a file: `process.env.KEY || DEFAULT_KEY` → DEFAULT_KEY → KEY. */
function constFallbacks(sf: ts.SourceFile, context: RuleContext): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && ts.isIdentifier(n.right)) {
      const api = ts.isPropertyAccessExpression(n.left) || ts.isElementAccessExpression(n.left) ? context.api(n.left) : undefined;
      if (api && api.module === "global" && api.path[0] === "process" && api.path[1] === "env" && api.path[2]) out.set(n.right.text, api.path[2]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** A comment on the literal's line or just above its statement says the key is public on purpose. */
function markedPublic(lit: ts.Node): boolean {
  const sf = lit.getSourceFile();
  const lines = sf.text.split("\n");
  const line = sf.getLineAndCharacterOfPosition(lit.getEnd()).line;
  const trailing = (lines[line] ?? "").slice(sf.getLineAndCharacterOfPosition(lit.getEnd()).character);
  if (/\/\/|\/\*/.test(trailing) && saysPublic(trailing)) return true;
  let statement: ts.Node = lit;
  while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent) && !ts.isObjectLiteralExpression(statement.parent)) statement = statement.parent;
  const first = sf.getLineAndCharacterOfPosition(statement.getStart(sf)).line;
  for (let i = first - 1; i >= Math.max(0, first - 3); i--) {
    const text = (lines[i] ?? "").trim();
    if (!/^(\/\/|\/?\*)/.test(text)) break;
    if (saysPublic(text)) return true;
  }
  return false;
}

/** "public, development-only key", not "no comment saying it is public" or "never make this public". */
function saysPublic(comment: string): boolean {
  const m = PUBLIC_HINT.exec(comment);
  return !!m && !/\b(?:not|no|never|isn't|without)\b/i.test(comment.slice(0, m.index));
}

/**
 * `{ appId, apiKey: "…", indexName }` (Algolia search-only), Firebase web configs and Google Analytics settings
 * (`{ measurementId, apiSecret }`, or a class's `MEASUREMENT_ID` beside `API_TOKEN`) hold keys meant to ship in clients.
 */
function inPublicConfig(lit: ts.Node, context: RuleContext): boolean {
  let value = lit;
  // `apiSecret: process.env.GA4_API_SECRET || "…"`: the fallback is the property's value.
  while (ts.isBinaryExpression(value.parent) && value.parent.right === value && (value.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || value.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) value = value.parent;
  const prop = value.parent;
  const publicSibling = (name: ts.PropertyName | undefined) => name !== undefined && PUBLIC_CONFIG_SIBLINGS.test(camelCase(propertyNameText(name) ?? ""));
  if (ts.isPropertyDeclaration(prop) && ts.isClassLike(prop.parent)) return prop.parent.members.some((m) => publicSibling(m.name));
  if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.parent)) return false;
  const config = prop.parent;
  if (config.properties.some((p) => publicSibling(p.name))) return true;
  // `initializeApp({ projectId, apiKey })` from firebase/app: a trimmed web config has none of the telling siblings.
  return context.callsNamed("initializeApp").some((call) => {
    const api = context.api(call.expression);
    const arg = call.arguments[0];
    if (!api || !FIREBASE_WEB_APP.test(api.module) || !arg) return false;
    const ref = context.resolve(arg);
    return ref.kind === "object" && ref.node === config;
  });
}

/** `MEASUREMENT_ID`, `measurement_id` → `measurementId`. */
function camelCase(name: string): string {
  return nameWords(name)
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}

/** The variable whose object or array literal holds a literal, with the types written on the way (`: T[]`, `as T`). */
function enclosingCollection(lit: ts.Node): { decl: ts.VariableDeclaration; types: ts.TypeNode[] } | undefined {
  const types: ts.TypeNode[] = [];
  let n = lit;
  while (ts.isPropertyAssignment(n.parent) || ts.isObjectLiteralExpression(n.parent) || ts.isArrayLiteralExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) {
    n = n.parent;
    if (ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) types.push(n.type);
  }
  const decl = n.parent;
  if (n === lit || !ts.isVariableDeclaration(decl) || decl.initializer !== n) return undefined;
  if (decl.type) types.push(decl.type);
  return { decl, types };
}

/** `const samples: SampleRecord[] = [{ body: { token: "…" } }]`: the collection or its type is named as example data. */
function inSampleCollection(lit: ts.Node): boolean {
  const found = enclosingCollection(lit);
  if (!found) return false;
  const names = [found.decl.name.getText()];
  const visit = (t: ts.Node): void => {
    if (ts.isTypeReferenceNode(t)) names.push(t.typeName.getText());
    ts.forEachChild(t, visit);
  };
  found.types.forEach(visit);
  return names.some((name) => nameWords(name).some((w) => SAMPLE_COLLECTION.has(w)));
}

/**
 * `const INSECURE_SECRET_VALUES = ["…"]` only ever asked `.includes(secret)`: values the server
 * refuses, not ones it uses. A plain `SECRETS` list, or a denylist read any other way, is judged as usual.
 */
function inDenylist(lit: ts.Node, context: RuleContext): boolean {
  let n = lit;
  while (ts.isArrayLiteralExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
  const decl = n.parent;
  if (n === lit || !ts.isVariableDeclaration(decl) || decl.initializer !== n || !ts.isIdentifier(decl.name)) return false;
  const words = nameWords(decl.name.text);
  if (!words.some((w) => DENYLIST_WORDS.has(w)) || words.some((w) => ALLOWLIST_WORDS.has(w))) return false;
  // An exported list may be read in any file of the project.
  const exported = ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Export;
  const uses = variableUses(decl, context, exported ? context.sourceFiles : undefined);
  return (
    uses.length > 0 &&
    uses.every((use) => {
      const access = use.parent;
      return ts.isPropertyAccessExpression(access) && access.expression === use && MEMBERSHIP_METHODS.has(access.name.text) && ts.isCallExpression(access.parent) && access.parent.expression === access;
    })
  );
}

/** Literals that are values, not module names, types or property keys. */
function isValuePosition(lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): boolean {
  const p = lit.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) || ts.isLiteralTypeNode(p) || ts.isImportTypeNode(p)) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === lit) return false;
  if (ts.isCallExpression(p) && p.expression.kind === ts.SyntaxKind.ImportKeyword) return false;
  return !(ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === "require");
}

/** `Basic base64(user:password)`: the password decides. */
function basicPassword(encoded: string, formatsOnly?: boolean): SecretVerdict | undefined {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, "base64").toString("utf8") : "";
  const m = /^[^:\s]+:(\S+)$/.exec(decoded);
  if (!m) return undefined;
  const verdict = judgeSecretValue(m[1] as string, { name: "password", formatsOnly });
  return verdict ? { ...verdict, kind: "Basic auth password", value: encoded } : undefined;
}

/** `"Bearer eyJ…"` under a non-secret name still carries a token after the scheme. */
function bearerInText(text: string, binding: LiteralBinding): SecretVerdict | undefined {
  const auth = AUTH_SCHEME.exec(text);
  return auth && auth[1] !== "Basic" ? judgeSecretValue(auth[2] as string, { ...binding, name: "authorization" }) : undefined;
}

function masked(verdict: SecretVerdict, scheme: string): string {
  if (verdict.kind === "private key (PEM)") return verdict.prefix;
  if (verdict.basis === "mnemonic") return `${verdict.value.split(/\s+/).length} words`;
  return `${scheme}${maskSecret(verdict.value, verdict.prefix)}`;
}

function reportSource(context: RuleContext, node: ts.Node, verdict: SecretVerdict, binding: LiteralBinding, scheme: string): void {
  const where = binding.name ? ` in \`${binding.name}\`` : "";
  const impact = verdict.kind === "encryption key" ? "decrypt what it encrypts" : verdict.kind === "shared secret" ? "present it and pass the check it guards" : "forge the tokens, signatures or session cookies it protects";
  const data = { kind: verdict.kind, aKind: withArticle(verdict.kind, true), masked: masked(verdict, scheme), where, name: binding.name ?? "this value", env: binding.envName ?? binding.name ?? "", length: verdict.value.length, what: verdict.privateKey ? walletWhat(verdict) : "", impact };
  const { severity } = verdict;
  if (verdict.basis === "signing-secret") {
    const fallback = binding.fallback && binding.envName;
    // A default encryption key weakens data at rest; a default signing key lets anyone mint tokens.
    const level = verdict.kind === "encryption key" ? (fallback ? "low" : "medium") : "high";
    context.report({ node, messageId: fallback ? "insecureDefault" : "signingSecret", data, severity: level, confidence: fallback ? "medium" : "high", redact: true });
    return;
  }
  if (binding.fallback && binding.envName && !verdict.privateKey) {
    context.report({ node, messageId: "envFallback", data, severity, confidence: verdict.confidence, redact: true });
    return;
  }
  const messageId = verdict.privateKey ? "privateKey" : verdict.basis === "format" ? "knownToken" : "likelySecret";
  context.report({ node, messageId, data, severity, confidence: verdict.confidence, redact: true });
}

/** "an OpenAI API key", "a GitHub token"; capitalised at the start of a sentence. */
function withArticle(kind: string, capital: boolean): string {
  const article = /^[aeiouAEIO]|^(?:AWS|SSH|npm|xAI|HMAC|RSA|JWT|API)\b/.test(kind) && !/^(?:user|one)/i.test(kind) ? "an" : "a";
  const text = `${article} ${kind}`;
  return capital ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function walletWhat(verdict: SecretVerdict): string {
  if (verdict.basis === "wallet-key" || verdict.basis === "mnemonic") return " and move every asset the wallet holds";
  return verdict.kind.startsWith("private key") ? " (TLS, SSH, JWT or code-signing identity)" : "";
}

const CONFIG_MESSAGES = { env: "committedEnvFile", "env-example": "exampleFileSecret", dockerfile: "containerSecret", compose: "containerSecret", "client-config": "clientConfigSecret", other: "committedSecret" } as const;

function reportConfig(context: RuleContext, path: string, found: ConfigSecret): void {
  const { verdict } = found;
  const config = /(^|\/)server\.json$/.test(path) ? "MCP registry manifest" : "MCP client configuration";
  const data = { file: path, kind: verdict.kind, aKind: withArticle(verdict.kind, false), named: found.name ? ` in \`${found.name}\`` : "", masked: masked(verdict, ""), config };
  const messageId = CONFIG_MESSAGES[found.fileKind];
  context.report({ location: { path, line: found.line, column: found.column }, messageId, data, severity: verdict.severity, confidence: verdict.confidence, redact: true });
}
