import { calleeName, createRule, hasMark, isFunctionLike, ts, type FunctionLike, type RuleContext, type TaintHit } from "../src/rule-api/index.js";
import { attacker, describeSource, toolOf } from "../src/rule-api/describe-source.js";
import { navigationTargets, requestTargets } from "../src/rule-api/sinks/http-sinks.js";
import { sinkTaint } from "../src/rule-api/sinks/sink.js";
import { safeByAddressCheck, ssrfExposure } from "../src/rule-api/ssrf-exposure.js";

export default createRule({
  id: "no-incomplete-ssrf-guard",
  meta: {
    description: "Check the resolved address, not the hostname text, before requesting a model-chosen URL",
    severity: "medium",
    confidence: "medium",
    checklist: ["ISO-2", "TOOL-6"],
    cwe: ["CWE-184"],
    messages: {
      textGuard: "{{source}} reaches {{api}} after a private-address check on the hostname text only: a DNS name that resolves to 127.0.0.1 or 169.254.169.254, another spelling of an IP (2130706433, [::ffff:127.0.0.1]) or a redirect still reaches the internal network.",
      mappedHex: "{{source}} reaches {{api}} after a private-address check that reads an IPv4-mapped address (`::ffff:`) only with a dotted IPv4 after it: new URL() writes [::ffff:127.0.0.1] as [::ffff:7f00:1], so loopback and cloud metadata addresses written that way pass the check as public.",
    },
    docs: {
      rationale:
        "Blocking `localhost` and private IP literals in the URL stops only the most direct attempts. Attacker-controlled DNS names (or public wildcard-DNS services) resolve to internal addresses, IPv4 has several textual forms, and fetch follows redirects to any host by default. The check is a denylist over text that does not decide where the connection goes.",
      remediation:
        "Resolve the hostname first and check every resolved address (private, loopback, link-local, unique-local, IPv4-mapped), then connect to that address (a lookup-pinning agent such as request-filtering-agent does both), and set `redirect: \"manual\"` to re-check each hop. Better still, allow only known hosts.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import isPrivateIp from "private-ip";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "fetch", version: "1.0.0" });',
          'server.tool("fetch_url", { url: z.string().url() }, async ({ url }) => {',
          "  const host = new URL(url).hostname;",
          '  if (host === "localhost" || isPrivateIp(host)) throw new Error("blocked");',
          "  const res = await fetch(url);",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
        good: [
          'import { lookup } from "node:dns/promises";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import isPrivateIp from "private-ip";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "fetch", version: "1.0.0" });',
          'server.tool("fetch_url", { url: z.string().url() }, async ({ url }) => {',
          "  const { address } = await lookup(new URL(url).hostname);",
          '  if (isPrivateIp(address)) throw new Error("blocked");',
          '  const res = await fetch(url, { redirect: "manual" });',
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/184.html", "https://cwe.mitre.org/data/definitions/918.html", "https://github.com/advisories/GHSA-2j7q-5w9m-xc6r"],
  },
  create(context) {
    const reported = new Set<ts.Node>();
    const check = (call: ts.CallExpression | ts.NewExpression) => {
      for (const target of [...requestTargets(call, context), ...navigationTargets(call, context)]) {
        const hits = sinkTaint(target, context);
        const hit = hits.find((h) => ssrfExposure(h) === "text-guard");
        if (hit) {
          context.report({ node: call, messageId: "textGuard", data: { source: describeSource(hit), who: attacker(hit, context), api: target.api }, trace: context.trace(hit, target.expr, `requests the URL (${target.api})`), ...toolOf(hit, call, context) });
          return;
        }
        for (const h of hits) {
          const read = safeByAddressCheck(h) ? dottedMappedRead(h, context) : undefined;
          if (!read || reported.has(read)) continue;
          reported.add(read);
          context.report({ node: read, messageId: "mappedHex", data: { source: describeSource(h), api: target.api }, trace: context.trace(h, target.expr, `requests the URL (${target.api})`), ...toolOf(h, call, context) });
          return;
        }
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
});

/**
 * The `::ffff:` read of a private-address check whose classifier takes only a dotted IPv4 after it, when a URL's
 * hostname reaches the check as written (an IP literal skips DNS): new URL() writes the mapped address in hex.
 */
function dottedMappedRead(hit: TaintHit, context: RuleContext): ts.Node | undefined {
  for (const mark of hit.taint.marks) {
    if (mark.kind !== "ip-check" || !mark.node || !ts.isCallExpression(mark.node)) continue;
    const subject = mark.node.arguments[0];
    // Addresses dns.lookup returns print a mapped address dotted; only the hostname's own text can be hex.
    if (!subject || !context.taint(subject).some((h) => !hasMark(h.taint, "dns-resolved"))) continue;
    for (const fn of context.calleeFunctions(mark.node)) {
      const read = classifierGap(fn, context);
      if (read) return read;
    }
  }
  return undefined;
}

const gapMemo = new WeakMap<FunctionLike, ts.Node | null>();

/** The classifier and the project functions it calls (three deep): a `::ffff:` read, and no hex reading of the mapped groups. */
function classifierGap(fn: FunctionLike, context: RuleContext): ts.Node | undefined {
  const memo = gapMemo.get(fn);
  if (memo !== undefined) return memo ?? undefined;
  gapMemo.set(fn, null);
  let read: ts.Node | undefined;
  let hex = false;
  const seen = new Set<FunctionLike>();
  const walk = (f: FunctionLike, depth: number): void => {
    if (seen.has(f) || !f.body) return;
    seen.add(f);
    const visit = (node: ts.Node): void => {
      if (hex) return;
      if (ts.isRegularExpressionLiteral(node) && /::ffff:/i.test(node.text)) {
        // /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/ reads the hex groups; /^::ffff:(\d{1,3}\.…)$/ only the dotted form.
        if (/a-f/i.test(node.text)) hex = true;
        else if (!read && !blocksAll(node)) read = node;
      } else if (ts.isStringLiteralLike(node) && !read && (/^::ffff:\d/i.test(node.text) || (/^::ffff:?$/i.test(node.text) && !blocksAll(node)))) read = node;
      if (ts.isCallExpression(node)) {
        if (hexParse(node)) hex = true;
        else if (depth < 3) for (const callee of context.calleeFunctions(node)) walk(callee, depth + 1);
      }
      ts.forEachChild(node, visit);
    };
    visit(f.body);
  };
  walk(fn, 0);
  const gap = !hex && read ? read : undefined;
  gapMemo.set(fn, gap ?? null);
  return gap;
}

/** parseInt(group, 16) or n.toString(16): the mapped address's hex groups are read as numbers. */
function hexParse(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  const radix = call.arguments[name === "toString" ? 0 : 1];
  return (name === "parseInt" || name === "toString") && !!radix && ts.isNumericLiteral(radix) && radix.text === "16";
}

/** `if (addr.startsWith("::ffff:")) return true`: every mapped address is refused, in any spelling. */
function blocksAll(literal: ts.Node): boolean {
  let node: ts.Node = literal;
  while (node.parent && !ts.isStatement(node.parent) && !isFunctionLike(node.parent)) node = node.parent;
  const stmt = node.parent;
  if (!stmt || !ts.isIfStatement(stmt) || stmt.expression !== node) return false;
  const first = ts.isBlock(stmt.thenStatement) ? stmt.thenStatement.statements[0] : stmt.thenStatement;
  return !!first && (ts.isThrowStatement(first) || (ts.isReturnStatement(first) && first.expression?.kind === ts.SyntaxKind.TrueKeyword));
}
