import { createRule, ts } from "../src/rule-api/index.js";
import { attacker, describeSource, toolOf } from "../src/rule-api/describe-source.js";
import { navigationTargets, requestTargets } from "../src/rule-api/sinks/http-sinks.js";
import { sinkTaint } from "../src/rule-api/sinks/sink.js";
import { ssrfExposure } from "../src/rule-api/ssrf-exposure.js";

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
    const check = (call: ts.CallExpression | ts.NewExpression) => {
      for (const target of [...requestTargets(call, context), ...navigationTargets(call, context)]) {
        const hit = sinkTaint(target, context).find((h) => ssrfExposure(h) === "text-guard");
        if (!hit) continue;
        context.report({ node: call, messageId: "textGuard", data: { source: describeSource(hit), who: attacker(hit), api: target.api }, trace: context.trace(hit, target.expr, `requests the URL (${target.api})`), ...toolOf(hit, call, context) });
        return;
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
});
