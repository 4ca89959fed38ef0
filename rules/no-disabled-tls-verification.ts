import { calleeName, createRule, displayName, propertyNameText, ts, type RuleContext } from "../src/rule-api/index.js";
import { describeSource } from "../src/rule-api/describe-source.js";
import { classify, enclosingGuard, type Guard } from "../src/rule-api/tls/enclosing-guard.js";
import { evaluateWithUnsetEnv } from "../src/rule-api/tls/evaluate-with-unset-env.js";
import { reachesOnlyLoopback } from "../src/rule-api/tls/loopback-only.js";

/** Options that switch certificate checks off, and the value that does it. */
const VERIFY_SWITCHES: Record<string, { insecure: (v: unknown) => boolean; browser?: boolean }> = {
  rejectUnauthorized: { insecure: (v) => v === false },
  strictSSL: { insecure: (v) => v === false },
  strictSsl: { insecure: (v) => v === false },
  sslValidate: { insecure: (v) => v === false },
  skipTLSVerify: { insecure: (v) => !!v },
  insecureSkipTLSVerify: { insecure: (v) => !!v },
  tlsAllowInvalidCertificates: { insecure: (v) => !!v },
  tlsAllowInvalidHostnames: { insecure: (v) => !!v },
  tlsInsecure: { insecure: (v) => !!v },
  ignoreHTTPSErrors: { insecure: (v) => !!v, browser: true },
  acceptInsecureCerts: { insecure: (v) => !!v, browser: true },
  NODE_TLS_REJECT_UNAUTHORIZED: { insecure: (v) => v !== undefined && v !== null && String(v) === "0" },
};
const VERSION_KEYS = new Set(["minVersion", "maxVersion", "DEFAULT_MIN_VERSION", "DEFAULT_MAX_VERSION"]);
const OLD_VERSIONS: Record<string, string> = { SSLv3: "SSL 3.0", TLSv1: "TLS 1.0", "TLSv1.1": "TLS 1.1" };
const OLD_METHOD = /^(SSLv2|SSLv3|TLSv1|TLSv1_1)_(?:client_|server_)?method$/;
const OLD_METHODS: Record<string, string> = { SSLv2: "SSL 2.0", SSLv3: "SSL 3.0", TLSv1: "TLS 1.0", TLSv1_1: "TLS 1.1" };
const WEAK_CIPHER = /RC4|(?:^|[-_+])3?DES(?:[-_]|$)|DES-CBC|NULL|EXPORT|EXP-|(?:^|[-_])MD5$|^ADH|^AECDH|^aNULL|^eNULL/i;
const CHILD_PROCESS_CALLS = new Set(["spawn", "exec", "execFile", "fork", "execa", "execaNode", "spawnSync", "execSync", "execFileSync", "StdioClientTransport"]);

type Finding = { messageId: string; severity: "high" | "medium" | "low"; confidence?: "high" | "medium" | "low"; data: Record<string, string> };

export default createRule({
  id: "no-disabled-tls-verification",
  meta: {
    description: "Keep TLS certificate and host name verification on for outgoing connections, and protocol versions and ciphers at safe settings",
    severity: "high",
    confidence: "high",
    checklist: ["SAUTH-3", "COMM-2"],
    cwe: ["CWE-295"],
    messages: {
      verificationOff:
        "`{{setting}}` turns off certificate verification{{api}}: anyone on the network path (public Wi-Fi, a compromised router or proxy) can impersonate the remote server and read or change the traffic, including the API keys sent with it. Remove it; for a self-signed or private CA pass `ca: fs.readFileSync(caFile)` (or set NODE_EXTRA_CA_CERTS) instead.",
      processWide:
        "Setting NODE_TLS_REJECT_UNAUTHORIZED to \"0\" turns off certificate verification for every TLS connection of {{scope}} (fetch, SDK clients, database drivers): anyone on the network path can impersonate any server it talks to. Remove it; trust a private CA with NODE_EXTRA_CA_CERTS or the `ca` option instead.",
      insecureByDefault:
        "`{{setting}}` is `{{expr}}`: when {{env}} is not set, which is the default, certificate verification is off. Invert the switch so verification stays on unless it is explicitly disabled, and log a warning when it is.",
      insecureFallback:
        "`{{setting}}` falls back to `{{fallback}}` when `{{option}}` is not set: certificate verification is off unless someone remembers to turn it on. Default to verifying, and make turning it off the explicit choice.",
      envSwitch:
        "`{{setting}}` is `{{expr}}`: setting {{env}} turns certificate verification off. An explicit opt-in that is off by default, but while it is on anyone on the network path can impersonate the server: warn loudly when it is used, and prefer trusting a specific CA (`ca`, NODE_EXTRA_CA_CERTS).",
      optIn:
        "`{{setting}}` turns off certificate verification when {{guard}}: an explicit opt-in, but while it is on anyone on the network path can impersonate the server. Keep it off by default, warn loudly when it is used, and prefer trusting a specific CA (`ca`, NODE_EXTRA_CA_CERTS).",
      devOnly:
        "`{{setting}}` turns off certificate verification in development only ({{guard}}): make sure production can never take this path (an unset NODE_ENV is not \"production\"), and prefer trusting the local CA with `ca` or NODE_EXTRA_CA_CERTS.",
      argumentControlled:
        "{{source}} decides `{{setting}}`: a prompt-injected model can switch certificate verification off for this connection and let anyone on the network path read or alter it. Do not expose TLS verification as a tool or request parameter.",
      browserIgnoresCertificates:
        "`{{setting}}` makes the browser accept any certificate{{api}}: pages the model reads and forms it fills in can be served by anyone on the network path, with the user's cookies. Remove it, or trust the specific local CA instead.",
      noIdentityCheck:
        "This `checkServerIdentity` accepts every host name{{api}}: any valid certificate, for any domain (which anyone can obtain), impersonates the server. Remove the override, or return `tls.checkServerIdentity(host, cert)` and add pinning after it.",
      weakProtocol:
        "`{{setting}}: \"{{value}}\"` allows {{version}}, deprecated since 2021 (RFC 8996) and open to downgrade attacks: remove it to keep Node's default (TLS 1.2 or later) or set \"TLSv1.2\".",
      weakCiphers:
        "`ciphers` enables {{ciphers}}: these suites are broken and let a network attacker decrypt or forge the traffic. Remove the option to use Node's defaults, or list only modern AEAD suites (AES-GCM, ChaCha20-Poly1305).",
      configTlsOff:
        "{{file}} sets NODE_TLS_REJECT_UNAUTHORIZED=0{{where}}: every TLS connection of the server process skips certificate verification, so anyone on the network path can impersonate the APIs it calls. Remove it; trust a private CA with NODE_EXTRA_CA_CERTS instead.",
    },
    docs: {
      rationale:
        "MCP servers call third-party APIs with the user's keys and return what they get to the model. With certificate verification off, anyone on the network path (a café Wi-Fi, a compromised router, a hostile proxy) can impersonate those APIs: read the keys, change the answers, and inject instructions the model will follow. `NODE_TLS_REJECT_UNAUTHORIZED=0` does this for every connection of the process at once. Old protocol versions and broken ciphers let an attacker downgrade or decrypt the traffic.",
      remediation:
        "Delete `rejectUnauthorized: false`, `strictSSL: false` and `NODE_TLS_REJECT_UNAUTHORIZED=0`. To reach a server with a private or self-signed certificate, trust that CA only: `new https.Agent({ ca: fs.readFileSync(caFile) })` or `NODE_EXTRA_CA_CERTS=/path/ca.pem`. If an insecure mode must exist, make it an explicit opt-in that is off by default and logs a warning, never a tool argument. Leave `minVersion` and `ciphers` at Node's defaults.",
      examples: {
        bad: [
          'import https from "node:https";',
          'import axios from "axios";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          "const api = axios.create({",
          '  baseURL: "https://internal-api.example.com",',
          "  httpsAgent: new https.Agent({ rejectUnauthorized: false }),",
          "});",
          'const server = new McpServer({ name: "inventory", version: "1.0.0" });',
          'server.tool("stock", { sku: z.string().regex(/^[A-Z0-9-]+$/) }, async ({ sku }) => {',
          "  const { data } = await api.get(`/stock/${sku}`);",
          '  return { content: [{ type: "text", text: JSON.stringify(data) }] };',
          "});",
        ].join("\n"),
        good: [
          'import fs from "node:fs";',
          'import https from "node:https";',
          'import axios from "axios";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          "const api = axios.create({",
          '  baseURL: "https://internal-api.example.com",',
          '  httpsAgent: new https.Agent({ ca: fs.readFileSync(process.env.INTERNAL_CA_FILE ?? "/etc/ssl/internal-ca.pem") }),',
          "});",
          'const server = new McpServer({ name: "inventory", version: "1.0.0" });',
          'server.tool("stock", { sku: z.string().regex(/^[A-Z0-9-]+$/) }, async ({ sku }) => {',
          "  const { data } = await api.get(`/stock/${sku}`);",
          '  return { content: [{ type: "text", text: JSON.stringify(data) }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/295.html",
      "https://nodejs.org/api/tls.html#tlsconnectoptions-callback",
      "https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue",
      "https://www.rfc-editor.org/rfc/rfc8996",
    ],
  },
  create(context) {
    const onSetting = (node: ts.Node, key: string, value: ts.Expression) => {
      const found = judgeSetting(node, key, value, context);
      // Verification off for connections to this machine only: there is no network path for anyone to sit on.
      if (found && !(perConnection(key) && reachesOnlyLoopback(node, context))) context.report({ node, messageId: found.messageId, data: found.data, severity: found.severity, ...(found.confidence ? { confidence: found.confidence } : {}) });
    };
    return {
      PropertyAssignment(p) {
        const key = propertyNameText(p.name);
        if (key !== undefined) onSetting(p, key, p.initializer);
      },
      ObjectLiteralExpression(obj) {
        // { rejectUnauthorized } and { checkServerIdentity() { … } }
        for (const p of obj.properties) {
          if (ts.isShorthandPropertyAssignment(p)) onSetting(p, p.name.text, p.name);
          else if (ts.isMethodDeclaration(p) && propertyNameText(p.name) === "checkServerIdentity" && acceptsAnyIdentity(p) && !reachesOnlyLoopback(p, context)) {
            context.report({ node: p, messageId: "noIdentityCheck", data: { api: apiOf(obj, context) } });
          }
        }
      },
      BinaryExpression(b) {
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const left = b.left;
        const key = ts.isPropertyAccessExpression(left) ? left.name.text : ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression) ? left.argumentExpression.text : undefined;
        if (key !== undefined) onSetting(b, key, b.right);
      },
      CallExpression(call) {
        // superagent(...).disableTLSCerts()
        const callee = call.expression;
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === "disableTLSCerts") {
          context.report({ node: call, messageId: "verificationOff", data: { setting: "disableTLSCerts()", api: " for superagent" } });
        }
      },
      check() {
        for (const file of context.auxiliaryFiles) scanConfigFile(file, context);
      },
    };
  },
});

/** A switch of the connection its options go to (not of the whole process, nor of a browser that goes anywhere). */
function perConnection(key: string): boolean {
  const sw = verifySwitch(key);
  return key === "checkServerIdentity" || (!!sw && !sw.browser && key !== "NODE_TLS_REJECT_UNAUTHORIZED");
}

/** The switch a key names; a scanned object's `toString:` key must not find Object.prototype's. */
function verifySwitch(key: string): (typeof VERIFY_SWITCHES)[string] | undefined {
  return Object.hasOwn(VERIFY_SWITCHES, key) ? VERIFY_SWITCHES[key] : undefined;
}

function judgeSetting(node: ts.Node, key: string, value: ts.Expression, context: RuleContext): Finding | undefined {
  const sw = verifySwitch(key);
  if (sw) return judgeSwitch(node, key, value, sw, context);
  if (key === "checkServerIdentity") {
    const fn = functionValue(value, context);
    if (!fn || !acceptsAnyIdentity(fn)) return undefined;
    // ...(process.env.TLS_CHECK_IDENTITY === "false" ? { checkServerIdentity: () => undefined } : {}): an operator's opt-in.
    const guard = enclosingGuard(node, context);
    if (guard && guard.kind !== "argument") return { messageId: guard.kind === "development" ? "devOnly" : "optIn", severity: "low", data: { setting: shortSetting(node, key, value), api: apiOf(node, context), guard: `\`${guard.text}\`` } };
    return { messageId: "noIdentityCheck", severity: "high", data: { api: apiOf(node, context) } };
  }
  if (VERSION_KEYS.has(key)) {
    const v = context.constantText(value);
    const version = v !== undefined ? OLD_VERSIONS[v] : undefined;
    if (v === undefined || !version) return undefined;
    return { messageId: "weakProtocol", severity: "medium", data: { setting: key, value: v, version: /max/i.test(key) ? `nothing newer than ${version}` : version } };
  }
  if (key === "secureProtocol") {
    const v = context.constantText(value);
    const version = v !== undefined ? OLD_METHODS[OLD_METHOD.exec(v)?.[1] ?? ""] : undefined;
    return v !== undefined && version ? { messageId: "weakProtocol", severity: "medium", data: { setting: key, value: v, version } } : undefined;
  }
  if (key === "ciphers") {
    const v = context.constantText(value);
    if (!v) return undefined;
    const weak = v.split(/[:\s,]+/).filter((t) => t && !/^[!-]/.test(t) && WEAK_CIPHER.test(t.replace(/^\+/, "")));
    return weak.length ? { messageId: "weakCiphers", severity: "medium", data: { ciphers: weak.slice(0, 4).join(", ") } } : undefined;
  }
  return undefined;
}

function judgeSwitch(node: ts.Node, key: string, value: ts.Expression, sw: { insecure: (v: unknown) => boolean; browser?: boolean }, context: RuleContext): Finding | undefined {
  const processWide = key === "NODE_TLS_REJECT_UNAUTHORIZED";
  const base = { setting: settingText(node, key, value), api: apiOf(node, context) };
  const main = (): Finding => (processWide ? { messageId: "processWide", severity: "high", data: { ...base, scope: scopeOf(node, context) } } : sw.browser ? { messageId: "browserIgnoresCertificates", severity: "medium", data: base } : { messageId: "verificationOff", severity: "high", data: base });
  const guarded = (guard: Guard): Finding => {
    if (guard.kind === "argument") return { messageId: "argumentControlled", severity: "medium", data: { ...base, source: `The condition \`${guard.text}\`, which comes from tool or request input,` } };
    return { messageId: guard.kind === "development" ? "devOnly" : "optIn", severity: "low", data: { ...base, setting: shortSetting(node, key, value), guard: `\`${guard.text}\`` } };
  };
  const val = evaluateWithUnsetEnv(value, context);
  if (val.known) {
    const insecureNow = sw.insecure(val.value);
    if (!insecureNow) {
      // Secure by default; an environment switch or a condition may still turn it off.
      if (!val.env.length || !isSwitchExpression(value) || !canBeInsecure(value, sw, context)) return undefined;
      // `process.env.NODE_TLS_REJECT_UNAUTHORIZED !== "0"` mirrors Node's own switch: nothing new.
      if (val.env.every((e) => e === "NODE_TLS_REJECT_UNAUTHORIZED")) return undefined;
      const guard = classify(value, false, context);
      if (guard && guard.kind !== "opt-in") return guarded(guard);
      return { messageId: "envSwitch", severity: "low", data: { ...base, setting: key, expr: value.getText().slice(0, 80), env: [...new Set(val.env)].map((e) => `\`${e}\``).join(" or ") } };
    }
    if (val.env.length) {
      if (val.env.includes("NODE_ENV")) return guarded({ kind: "development", text: value.getText().slice(0, 80) });
      return { messageId: "insecureByDefault", severity: "high", data: { ...base, setting: key, expr: value.getText().slice(0, 80), env: [...new Set(val.env)].map((e) => `\`${e}\``).join(" or ") } };
    }
    const guard = enclosingGuard(node, context);
    return guard ? guarded(guard) : main();
  }
  const hits = taintWithin(value, context);
  if (hits[0]) return { messageId: "argumentControlled", severity: "medium", data: { ...base, source: describeSource(hits[0]) } };
  const e = skipOuter(value);
  // options.rejectUnauthorized ?? false: off unless configured.
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const fallback = evaluateWithUnsetEnv(e.right, context);
    if (fallback.known && sw.insecure(fallback.value)) {
      const guard = enclosingGuard(node, context);
      if (guard) return guarded(guard);
      return { messageId: "insecureFallback", severity: "high", data: { ...base, setting: key, fallback: e.right.getText().slice(0, 20), option: e.left.getText().slice(0, 60) } };
    }
  }
  // isDev ? false : true
  if (ts.isConditionalExpression(e)) {
    for (const [branch, negated] of [[e.whenTrue, false], [e.whenFalse, true]] as const) {
      const b = evaluateWithUnsetEnv(branch, context);
      if (b.known && sw.insecure(b.value)) {
        const guard = classify(e.condition, negated, context);
        return guard ? guarded(guard) : undefined;
      }
    }
  }
  return undefined;
}

/** `process.env.X !== "false"` switches; a bare `process.env.X` passed through does not. */
function isSwitchExpression(value: ts.Expression): boolean {
  const e = skipOuter(value);
  return !(ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e));
}

/** Some setting of the environment makes the value insecure (a comparison with a literal can flip). */
function canBeInsecure(value: ts.Expression, sw: { insecure: (v: unknown) => boolean }, context: RuleContext): boolean {
  const e = skipOuter(value);
  if (ts.isConditionalExpression(e)) return [e.whenTrue, e.whenFalse].some((b) => {
    const v = evaluateWithUnsetEnv(b, context);
    return v.known && sw.insecure(v.value);
  });
  // Boolean expressions of the environment flip between true and false.
  return sw.insecure(false) || sw.insecure(true);
}

function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/** How the setting reads in a message: `rejectUnauthorized: false`, `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"`. */
function settingText(node: ts.Node, key: string, value: ts.Expression): string {
  const v = value.getText().replace(/\s+/g, " ");
  const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
  return ts.isBinaryExpression(node) ? `${node.left.getText()} = ${shown}` : `${key}: ${shown}`;
}

/** The setting without a long value (the message shows the condition separately). */
function shortSetting(node: ts.Node, key: string, value: ts.Expression): string {
  return value.getText().length <= 12 ? settingText(node, key, value) : ts.isBinaryExpression(node) ? node.left.getText() : key;
}

/** Attacker data anywhere inside the value (`!args.insecure`, `args.verify === false`). */
function taintWithin(value: ts.Expression, context: RuleContext): ReturnType<RuleContext["taint"]> {
  const direct = context.taint(value);
  if (direct.length) return direct;
  let found: ReturnType<RuleContext["taint"]> = [];
  const visit = (n: ts.Node): void => {
    if (found.length || ts.isFunctionLike(n)) return;
    if (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      found = context.taint(n);
      if (found.length) return;
    }
    ts.forEachChild(n, visit);
  };
  visit(value);
  return found;
}

/** " for https.Agent": the library the options go to, found through nested option objects. */
function apiOf(node: ts.Node, context: RuleContext): string {
  let n: ts.Node = node;
  for (let i = 0; i < 6 && n.parent; i++) {
    const p: ts.Node = n.parent;
    if (ts.isNewExpression(p) || ts.isCallExpression(p)) {
      if (!isArgument(p, n)) return "";
      const api = context.api(p.expression);
      const name = api ? displayName(api) : calleeName(p);
      return name ? ` for ${name}` : "";
    }
    if (!ts.isObjectLiteralExpression(p) && !ts.isPropertyAssignment(p) && !ts.isParenthesizedExpression(p) && !ts.isConditionalExpression(p)) return "";
    n = p;
  }
  return "";
}

function isArgument(call: ts.CallExpression | ts.NewExpression, n: ts.Node): boolean {
  return (call.arguments ?? []).some((a) => a === n);
}

/** Who the environment setting reaches: the whole process, or a child process started with it. */
function scopeOf(node: ts.Node, context: RuleContext): string {
  if (ts.isBinaryExpression(node)) return "this process";
  for (let n: ts.Node = node; n.parent && !ts.isSourceFile(n); n = n.parent) {
    const p = n.parent;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && isArgument(p, n)) {
      const name = calleeName(p) ?? "";
      if (CHILD_PROCESS_CALLS.has(name)) return "the child process started here";
      const api = context.api(p.expression);
      if (name === "assign" && api?.module === "global") return "this process";
      return "the process that receives this environment";
    }
    if (ts.isVariableDeclaration(p) || ts.isStatement(p)) break;
  }
  return "the process that receives this environment";
}

function functionValue(value: ts.Expression, context: RuleContext): ts.FunctionLikeDeclaration | undefined {
  const e = skipOuter(value);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  const ref = context.resolve(e);
  return ref.kind === "function" ? ref.node : undefined;
}

/** `() => undefined`, `() => {}`, `function () { return null; }`: no check, no error, every certificate passes. */
function acceptsAnyIdentity(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isNothing(body);
  let rejects = false;
  const visit = (n: ts.Node): void => {
    if (rejects || (n !== body && (ts.isFunctionLike(n) || ts.isClassLike(n)))) return;
    if (ts.isThrowStatement(n) || (ts.isReturnStatement(n) && n.expression && !isNothing(n.expression))) rejects = true;
    if (ts.isCallExpression(n) && /checkServerIdentity$/.test(n.expression.getText())) rejects = true;
    ts.forEachChild(n, visit);
  };
  visit(body);
  return !rejects;
}

function isNothing(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === "undefined") || ts.isVoidExpression(x);
}

const ENV_TLS_OFF = /NODE_TLS_REJECT_UNAUTHORIZED["']?\s*[:=]\s*["']?0(?![\d.])/;

/** NODE_TLS_REJECT_UNAUTHORIZED=0 in .env files, Dockerfiles, compose files, client configs and package scripts (.npmrc's strict-ssl is no-weak-npmrc's). */
function scanConfigFile(file: { path: string; text: string }, context: RuleContext): void {
  const base = file.path.split("/").pop() ?? file.path;
  if (/^(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lock)$/.test(base)) return;
  const example = /^\.env\..*(example|sample|template|dist|test)/i.test(base);
  file.text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*(#|;|\/\/)/.test(line)) return;
    const location = { path: file.path, line: i + 1, column: line.search(/\S/) + 1 };
    if (!ENV_TLS_OFF.test(line) && !/NODE_TLS_REJECT_UNAUTHORIZED=0\b/.test(line)) return;
    const script = base === "package.json" ? /^\s*"([^"]+)"\s*:/.exec(line)?.[1] : undefined;
    const dev = example || (script !== undefined && /dev|test|debug|local|watch|inspect/i.test(script));
    const where = script !== undefined ? ` in the \`${script}\` script` : example ? " in an example users copy" : "";
    context.report({ location, messageId: "configTlsOff", data: { file: file.path, where }, severity: dev ? "low" : "high", ...(dev ? { confidence: "medium" as const } : {}) });
  });
}
