import { createRule, isFunctionLike, propertyNameText, skipOuter, ts, type RuleContext } from "../src/rule-api/index.js";
import { nameWords } from "../src/rule-api/secrets/secret-name.js";

/**
 * Words that name a secret: a value others must not guess. A session id or a nonce often only matches a reply to its
 * request (and a webview's CSP nonce is made this way in VS Code's own samples), so only the MCP transport's counts.
 */
const SECRET_WORDS = new Set(["secret", "password", "otp", "csrf", "xsrf", "verifier", "salt", "credentials"]);
/** What makes a token a credential: a bare `token` is as often a lock's owner mark or an MCP progress token. */
const CREDENTIAL_TOKEN_WORDS = new Set(["access", "auth", "api", "bearer", "session", "refresh", "reset", "invite", "verification", "verify", "magic", "login", "signup", "admin", "confirmation", "activation", "csrf", "xsrf"]);
/** Word pairs that name one: `api_key`, `authCode`. */
const SECRET_PAIRS = [["api", "key"], ["auth", "code"], ["access", "key"], ["reset", "code"], ["invite", "code"]];
/** Words that make a name about an amount, not a secret: `tokenCount`, `maxTokens`. */
const AMOUNT_WORDS = new Set(["count", "counts", "limit", "max", "min", "usage", "length", "budget", "estimate", "estimated", "cost", "total", "per"]);
/** Wallet keys belong to no-wallet-secret-exposure, which reports their weak entropy itself. */
const WALLET_WORDS = new Set(["mnemonic", "wallet", "seed", "private", "keypair", "entropy"]);
/** Calls that turn a number into text on the way to an identifier: `Math.random().toString(36).slice(2)`. */
const TEXT_METHODS = new Set(["toString", "substring", "substr", "slice", "padStart", "padEnd", "replace", "toUpperCase", "toLowerCase", "join", "concat"]);
const NUMBER_CALLS = new Set(["floor", "round", "ceil", "trunc"]);

export default createRule({
  id: "no-weak-crypto",
  meta: {
    description: "Make tokens and session ids from a cryptographic random source, and encrypt with an authenticated mode and a fresh IV",
    severity: "medium",
    confidence: "high",
    checklist: ["DATA-2"],
    cwe: ["CWE-338", "CWE-327", "CWE-329"],
    messages: {
      weakRandom:
        "{{what}} is made from Math.random(), which is not a cryptographic generator: its output can be predicted from a few earlier values, so others can guess the {{kind}} and use it. Use `crypto.randomUUID()` or `crypto.randomBytes(32).toString(\"base64url\")`.",
      deprecatedCipher:
        "`{{api}}` derives the key from the password with one round of MD5 and no salt, and uses no IV: the same text always encrypts the same way, and weak passwords fall to a dictionary. It is also gone from Node 22. Derive a key with scrypt and a random salt, and use `createCipheriv(\"aes-256-gcm\", key, randomBytes(12))`.",
      ecbMode:
        "`{{algorithm}}` encrypts each block on its own (ECB): equal blocks of text give equal blocks of ciphertext, so the data's patterns show through and blocks can be swapped unnoticed. Use an authenticated mode with a random IV: `aes-256-gcm` and `randomBytes(12)`.",
      staticIv:
        "The IV of `{{api}}` is the fixed value `{{iv}}`: every message encrypted with this key starts from the same state, so equal texts give equal ciphertexts{{gcm}}. Make a fresh IV for each message (`randomBytes(16)`, or 12 bytes for GCM) and store it beside the ciphertext.",
    },
    docs: {
      rationale:
        "MCP servers mint session ids for their HTTP transports, OAuth state and codes, and API tokens, and some encrypt the credentials they store. A session id or token made with Math.random can be predicted by anyone who sees a few of its outputs, which hands over the session. `crypto.createCipher` derives its key with unsalted MD5 and no IV; ECB mode shows the data's patterns; a fixed IV makes equal texts encrypt equally, and with GCM it lets an attacker forge messages.",
      remediation:
        "Make ids and tokens with `crypto.randomUUID()` or `crypto.randomBytes(32).toString(\"base64url\")` (the SDK's `sessionIdGenerator: () => randomUUID()`). Encrypt with `crypto.createCipheriv(\"aes-256-gcm\", key, iv)`, a key from scrypt or a key store, and a fresh `randomBytes(12)` IV for each message, stored with the ciphertext and its auth tag.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "const transport = new StreamableHTTPServerTransport({",
          "  sessionIdGenerator: () => Math.random().toString(36).slice(2),",
          "});",
          "await server.connect(transport);",
        ].join("\n"),
        good: [
          'import { randomUUID } from "node:crypto";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });",
          "await server.connect(transport);",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/338.html",
      "https://cwe.mitre.org/data/definitions/327.html",
      "https://cwe.mitre.org/data/definitions/329.html",
      "https://nodejs.org/api/crypto.html#cryptocreatecipheralgorithm-password-options",
    ],
  },
  create(context) {
    return {
      CallExpression(call) {
        const api = context.api(call.expression);
        if (!api) return;
        const member = api.path.filter((p) => p !== "#").join(".");
        if (api.module === "global" && member === "Math.random") return weakRandom(call, context);
        if (api.module !== "crypto") return;
        if (member === "createCipher" || member === "createDecipher") {
          context.report({ node: call, messageId: "deprecatedCipher", data: { api: `crypto.${member}` } });
          return;
        }
        if (member === "createCipheriv") cipherSettings(call, context);
      },
    };
  },
});

/** Reports a Math.random() that is turned into text named as a secret: `sessionId = Math.random().toString(36)`. */
function weakRandom(call: ts.CallExpression, context: RuleContext): void {
  const use = textUse(call);
  if (!use) return;
  const named = secretName(use, call);
  if (!named) return;
  context.report({ node: call, messageId: "weakRandom", data: { what: named.what, kind: named.kind }, confidence: "medium" });
}

/** Climbs from the random number through the steps that make text of it; the outermost expression, when one did. */
function textUse(call: ts.CallExpression): ts.Expression | undefined {
  let node: ts.Expression = call;
  let text = false;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) node = parent;
    else if (ts.isBinaryExpression(parent) && isArithmetic(parent.operatorToken.kind)) {
      if (parent.operatorToken.kind === ts.SyntaxKind.PlusToken && (isText(parent.left) || isText(parent.right))) text = true;
      node = parent;
    } else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent && TEXT_METHODS.has(parent.name.text)) {
      text = true;
      node = parent.parent;
    } else if (ts.isCallExpression(parent) && parent.arguments.includes(node) && numberCall(parent)) node = parent;
    else if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isIdentifier(parent.expression) && parent.expression.text === "String") {
      text = true;
      node = parent;
    }
    // chars[Math.floor(Math.random() * chars.length)] and chars.charAt(…): one character of a random string.
    else if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) {
      text = true;
      node = parent;
    } else if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === "charAt") {
      text = true;
      node = parent;
    } else if (ts.isTemplateSpan(parent)) {
      text = true;
      node = parent.parent;
    } else return text ? node : undefined;
  }
}

function isArithmetic(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.PlusToken || kind === ts.SyntaxKind.MinusToken || kind === ts.SyntaxKind.AsteriskToken || kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.PercentToken || kind === ts.SyntaxKind.BarToken;
}

function isText(e: ts.Expression): boolean {
  const inner = skipOuter(e);
  return ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner);
}

function numberCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Math" && NUMBER_CALLS.has(callee.name.text);
}

/** The secret a random text is made for: the variable, property or assignment it lands in, or the function that makes it. */
function secretName(use: ts.Expression, call: ts.CallExpression): { what: string; kind: string } | undefined {
  const landing = landingName(use);
  if (landing) return secretKind(landing.name) ? { what: `${landing.kind} \`${landing.name}\``, kind: secretKind(landing.name) ?? "" } : undefined;
  // A string built in steps (`id += chars[…]`, `.map(() => chars[…]).join("")`): the function that builds it names it.
  for (let n: ts.Node | undefined = call.parent, hops = 0; n && !ts.isSourceFile(n) && hops < 2; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    hops++;
    const name = functionName(n);
    const kind = name && secretKind(name);
    if (kind) return { what: `The result of \`${name}()\``, kind };
  }
  return undefined;
}

function landingName(use: ts.Expression): { kind: string; name: string } | undefined {
  const parent = use.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === use && ts.isIdentifier(parent.name)) return { kind: "The value of", name: parent.name.text };
  if (ts.isPropertyAssignment(parent) && parent.initializer === use) return { kind: "The field", name: propertyNameText(parent.name) ?? "" };
  if (ts.isBinaryExpression(parent) && parent.right === use && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuter(parent.left);
    const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
    return name ? { kind: "The value of", name } : undefined;
  }
  // sessionIdGenerator: () => Math.random().toString(36): the arrow's result is the field.
  if (isFunctionLike(parent) && parent.body === use) {
    const name = functionName(parent);
    return name ? { kind: ts.isPropertyAssignment(parent.parent) ? "The field" : "The result of", name } : undefined;
  }
  return undefined;
}

function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return propertyNameText(fn.name);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return propertyNameText(parent.name);
  return undefined;
}

/** What kind of secret a name names (`sessionId` a session id, `resetToken` a token), or nothing. */
function secretKind(name: string): string | undefined {
  const words = nameWords(name);
  if (words.some((w) => AMOUNT_WORDS.has(w) || WALLET_WORDS.has(w))) return undefined;
  for (const [a, b] of SECRET_PAIRS) {
    const i = words.indexOf(a as string);
    if (i >= 0 && words[i + 1] === b) return `${a} ${b}`;
  }
  // The SDK's StreamableHTTPServerTransport option: the id alone lets a request join the session.
  if (name === "sessionIdGenerator") return "session id";
  if (words.includes("token") && words.some((w) => CREDENTIAL_TOKEN_WORDS.has(w))) return "token";
  return words.find((w) => SECRET_WORDS.has(w));
}

/** ECB mode and fixed IVs in `crypto.createCipheriv(algorithm, key, iv)`. */
function cipherSettings(call: ts.CallExpression, context: RuleContext): void {
  const [algorithmArg, , ivArg] = call.arguments;
  const algorithm = algorithmArg && context.constantText(algorithmArg);
  if (algorithm && /(^|-)ecb$/i.test(algorithm)) {
    context.report({ node: call, messageId: "ecbMode", data: { algorithm } });
    return;
  }
  const iv = ivArg && fixedIv(ivArg, context, 0);
  if (!iv) return;
  const gcm = algorithm && /gcm|ccm|ocb|chacha20-poly1305/i.test(algorithm);
  context.report({ node: call, messageId: "staticIv", data: { api: "crypto.createCipheriv", iv, gcm: gcm ? ", and with this authenticated mode a repeated IV also lets others forge messages" : "" }, ...(gcm ? { severity: "high" as const } : {}) });
}

/** The IV's fixed value, shortened: a literal, `Buffer.from("…")`, `Buffer.alloc(16)` or a constant holding one. */
function fixedIv(expr: ts.Expression, context: RuleContext, depth: number): string | undefined {
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e)) return short(e.getText());
  if (ts.isIdentifier(e) && depth < 3) {
    const init = context.initializer(e);
    const declaration = context.declaration(e);
    // Only a const holds one value for every message.
    const fixed = declaration && ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return init && fixed ? fixedIv(init, context, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
  const callee = e.expression;
  if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return undefined;
  const name = callee.getText();
  const args = e.arguments ?? ts.factory.createNodeArray();
  const first = args[0] && skipOuter(args[0]);
  if (name === "Buffer.alloc" && args.length <= 2 && args.every((a) => ts.isNumericLiteral(skipOuter(a)) || ts.isStringLiteralLike(skipOuter(a)))) return short(e.getText());
  if (name === "Buffer.from" && first && (ts.isStringLiteralLike(first) || (ts.isArrayLiteralExpression(first) && first.elements.every((x) => ts.isNumericLiteral(x))) || (ts.isIdentifier(first) && fixedIv(first, context, depth + 1)))) return short(e.getText());
  if (/^(Uint8Array|Buffer)$/.test(name) && ts.isNewExpression(e) && first && (ts.isNumericLiteral(first) || ts.isArrayLiteralExpression(first))) return short(e.getText());
  return undefined;
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
