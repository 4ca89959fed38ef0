import { createRule, ts, type Mark, type TaintHit } from "../src/rule-api/index.js";
import { attacker, describeSource, signedInGrade, toolOf } from "../src/rule-api/describe-source.js";
import { credentialedRequest } from "../src/rule-api/sinks/credentialed-request.js";
import { requestTargets } from "../src/rule-api/sinks/http-sinks.js";
import { sinkTaint } from "../src/rule-api/sinks/sink.js";
import { ssrfExposure } from "../src/rule-api/ssrf-exposure.js";

/** What leaves no "/" or ".." in a path segment: a number, a fixed or pattern-checked value, encoding, a ".." check. */
const SAFE_MARKS = ["number", "const", "regex", "no-dotdot", "path-check"] as const;
/** Inputs an attacker writes directly; data read back from elsewhere is left to the rules about that data. */
const DIRECT_KINDS = new Set(["tool-argument", "resource-variable", "prompt-argument", "http-request"]);

export default createRule({
  id: "no-api-path-traversal",
  meta: {
    description: "Encode or validate tool arguments placed in the path of an authenticated API request",
    severity: "medium",
    confidence: "medium",
    checklist: ["API-1", "TOOL-3", "TOOL-6"],
    cwe: ["CWE-22"],
    messages: {
      apiPath:
        "{{source}} is placed in the path of a request that carries the server's credentials ({{api}}), unencoded: \"../\" segments in it reach other endpoints of the same API with the same credentials, so {{who}} can call operations this tool was not meant to expose. Encode it with encodeURIComponent or allow only the characters an id has.",
      segmentEncoded:
        "{{source}} is placed in the path of a request that carries the server's credentials ({{api}}), encoded one \"/\"-separated segment at a time: encodeURIComponent leaves a \"..\" segment as it is, so it reaches other endpoints of the same API with the same credentials, and {{who}} can call operations this tool was not meant to expose. Refuse \".\" and \"..\" segments before encoding, or encode the whole value.",
    },
    docs: {
      rationale:
        "API wrapper tools build request paths from their arguments (`/repos/${owner}/${repo}/contents/${path}`) and send them with the server's token. URL parsers resolve `..` segments, percent-encoded or not, before the request leaves, so an argument like `../../admin/users` turns a read of one resource into any request of the same method anywhere in the API, under the token the user gave the server. Cloudflare's Radar server (PR #278) and other API servers have shipped this.",
      remediation:
        "Encode each argument placed in a path with `encodeURIComponent`, or constrain it in the tool's schema to the characters it can hold (`z.string().regex(/^[\\w-]+$/)`, `z.number()`, `z.enum([...])`, `z.string().uuid()`). A value that must hold several segments (a file path inside a repository) should be split on \"/\" and each segment encoded, after rejecting \"..\" and \".\" segments.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "tickets", version: "1.0.0" });',
          'server.tool("get_ticket", { id: z.string() }, async ({ id }) => {',
          "  const res = await fetch(`https://api.tickets.example/v2/tickets/${id}`, {",
          "    headers: { Authorization: `Bearer ${process.env.TICKETS_TOKEN}` },",
          "  });",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "tickets", version: "1.0.0" });',
          'server.tool("get_ticket", { id: z.string() }, async ({ id }) => {',
          "  const res = await fetch(`https://api.tickets.example/v2/tickets/${encodeURIComponent(id)}`, {",
          "    headers: { Authorization: `Bearer ${process.env.TICKETS_TOKEN}` },",
          "  });",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/22.html", "https://github.com/cloudflare/mcp-server-cloudflare/pull/278", "https://owasp.org/www-community/attacks/Path_Traversal"],
  },
  create(context) {
    // One finding per place an argument enters a path, however many requests send the result.
    const reported = new Set<ts.Node>();
    const check = (call: ts.CallExpression | ts.NewExpression) => {
      for (const target of requestTargets(call, context)) {
        const hits = sinkTaint(target, context);
        // Where the input can also choose the host, no-ssrf has the finding.
        if (hits.some((hit) => ssrfExposure(hit) !== "safe")) continue;
        for (const hit of hits) {
          const placed = pathSegment(hit);
          if (!placed?.node || reported.has(placed.node) || !credentialedRequest(call, placed.node, context)) continue;
          reported.add(placed.node);
          context.report({
            node: placed.node,
            messageId: hit.taint.marks.some((m) => m.kind === "uri-encoded") ? "segmentEncoded" : "apiPath",
            data: { source: describeSource(hit), who: attacker(hit, context), api: target.api },
            trace: context.trace(hit, target.expr, `requests the URL (${target.api})`),
            ...toolOf(hit, call, context), ...signedInGrade(hit, context),
          });
        }
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
});

/** Where a direct input was written among a URL's path segments, if nothing keeps "/" and ".." out of it. */
function pathSegment(hit: TaintHit): Mark | undefined {
  const t = hit.taint;
  if (!DIRECT_KINDS.has(hit.spec.kind) || t.marks.some(keepsSegment) || wholeEncoded(t)) return undefined;
  const placed = t.marks.find((m) => m.kind === "url-path" && m.node);
  return placed && placed.detail === undefined ? placed : undefined;
}

/** A mark that leaves the value one segment; an allowlist that passes "/" (`^[\w./-]+$`) checks characters, not where it leads. */
function keepsSegment(m: Mark): boolean {
  return (SAFE_MARKS as readonly string[]).includes(m.kind) && !(m.kind === "regex" && m.detail === "path");
}

/** encodeURIComponent(value) as one piece, not each segment of `value.split("/")` joined back with "/" (a ".." survives that). */
function wholeEncoded(t: TaintHit["taint"]): boolean {
  return t.marks.some((m) => m.kind === "uri-encoded" && m.detail !== "segments");
}
