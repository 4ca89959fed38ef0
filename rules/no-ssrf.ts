import { createRule, ts, type RuleContext } from "../src/rule-api/index.js";
import { attacker, describeSource, signedInGrade, toolOf } from "../src/rule-api/describe-source.js";
import { perCaller } from "../src/rule-api/per-caller.js";
import { clientEndpoints, downloaderTargets, followsRedirects, gitRemoteTargets, navigationTargets, requestTargets } from "../src/rule-api/sinks/http-sinks.js";
import { sinkTaint } from "../src/rule-api/sinks/sink.js";
import { safeByAddressCheck, ssrfExposure } from "../src/rule-api/ssrf-exposure.js";
import { workersConfig } from "../src/rule-api/workers-runtime.js";

export default createRule({
  id: "no-ssrf",
  meta: {
    description: "Let tool arguments choose the host of an outgoing request only through a host allowlist or a check of the resolved address",
    severity: "high",
    confidence: "high",
    checklist: ["ISO-2", "TOOL-6", "TOOL-3"],
    cwe: ["CWE-918"],
    messages: {
      ssrf: "{{source}} decides the host {{api}} connects to: {{who}} can reach cloud metadata (169.254.169.254), localhost services and the internal network.",
      clientEndpoint: "{{source}} decides the server the {{api}} client sends its requests to, with the credentials it holds: {{who}} can point it at cloud metadata (169.254.169.254), localhost services, the internal network, or a host of their own that collects the token. Keep the API's address in configuration, or check it against the hosts you allow.",
      gitRemote: "{{source}} decides the repository {{api}} fetches from: {{who}} can make the server connect to internal hosts (169.254.169.254, localhost services) over http, and clone any repository on this machine through a file path. Git returns no response body, but the requests are made. Accept only https:// URLs on hosts you allow.",
      ineffectiveGuard: "{{source}} decides the host {{api}} connects to, and the private-address check before it looks at the whole URL text, which is never an IP address: the check never blocks anything.",
      ownHost: "{{api}} calls back to the host the incoming request was addressed to ({{source}}): on a serverless platform that is this deployment, but a server reached directly takes it from the Host header, which any client can set to an internal address. Build the URL from a configured base URL instead.",
      emptyAllowlist: "{{source}} decides the host {{api}} connects to, and the host check before it lets every host through until it is configured, which nothing in the code does by default: until then, {{who}} can reach cloud metadata (169.254.169.254), localhost services and the internal network. Deny every host while no list is configured, or ship a default list.",
      redirectAfterCheck: "{{source}} decides the host {{api}} connects to, and the resolved-address check before it covers only the first hop: {{api}} follows redirects, so a host that passes the check can answer with a redirect to 169.254.169.254 or localhost, which is requested unchecked. Refuse redirects (redirect: \"manual\", maxRedirects: 0, followRedirect: false) and check each hop's address, or connect through an agent whose lookup refuses private addresses.",
      workers:
        "{{source}} decides the host {{api}} connects to. This package runs on Cloudflare Workers ({{config}}), whose requests leave from Cloudflare's network: there is no metadata endpoint, localhost service or private network of this deployment to reach, but the worker still fetches any public site the model names, and origins that trust Cloudflare's addresses. Keep it if the tool is meant to read any public URL; otherwise check the host against an allowlist.",
      navigation: "{{source}} decides the page a headless browser opens ({{api}}): {{who}} can load cloud metadata (169.254.169.254), localhost services and intranet sites and read them back. Block private and loopback addresses before navigating (and on redirects, e.g. with route interception), or allow only known origins.",
    },
    docs: {
      rationale:
        "Fetch-style tools request whatever URL the model asks for, and the model obeys instructions injected into pages it has read. Without a host allowlist the server becomes a proxy into the user's network: cloud metadata endpoints, admin consoles on localhost, intranet services. A private-IP check applied to the full URL string (CVE-2025-65513) never matches. A headless browser sent to the model's URL (Playwright or Puppeteer `page.goto`) is the same proxy with a renderer; it is reported at medium, since navigating is what such a tool is for.",
      remediation:
        "Keep the host fixed and put model input only in the path or query (`https://api.example.com/search?q=${encodeURIComponent(q)}`), or compare `new URL(u).hostname` with an allowlist. If any host must be allowed, resolve the name, reject private, loopback and link-local addresses, pin the connection to the checked address (e.g. request-filtering-agent) and handle redirects the same way.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "fetch", version: "1.0.0" });',
          'server.tool("fetch_url", { url: z.string().url() }, async ({ url }) => {',
          "  const res = await fetch(url);",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const ALLOWED = new Set(["api.github.com", "docs.python.org"]);',
          'const server = new McpServer({ name: "fetch", version: "1.0.0" });',
          'server.tool("fetch_url", { url: z.string().url() }, async ({ url }) => {',
          "  if (!ALLOWED.has(new URL(url).hostname)) throw new Error(\"host not allowed\");",
          "  const res = await fetch(url);",
          '  return { content: [{ type: "text", text: await res.text() }] };',
          "});",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/918.html", "https://owasp.org/www-community/attacks/Server_Side_Request_Forgery", "https://github.com/advisories/GHSA-2j7q-5w9m-xc6r"],
  },
  create(context) {
    const check = (call: ts.CallExpression | ts.NewExpression) => {
      // On Workers an unguarded host is a low note: there is no private network for a guard to protect.
      const workers = workersConfig(call, context);
      if (workers) return reportOnWorkers(context, call, workers);
      const clients = new Set(clientEndpoints(call, context));
      for (const target of [...requestTargets(call, context), ...clients]) {
        // An open flow outranks a guarded one or a call back to the request's own host at the same target.
        const ranked = sinkTaint(target, context).map((hit) => ({ hit, exposure: ssrfExposure(hit) })).sort((a, b) => RANK[a.exposure] - RANK[b.exposure]);
        for (const { hit, exposure } of ranked) {
          if (exposure === "own-host") {
            context.report({ node: call, messageId: "ownHost", data: { source: describeSource(hit, true), api: target.api }, severity: "medium", confidence: "low", trace: context.trace(hit, target.expr, `requests the URL (${target.api})`), ...toolOf(hit, call, context) });
            return;
          }
          if (exposure === "configured-guard") {
            context.report({ node: call, messageId: "emptyAllowlist", data: { source: describeSource(hit), who: attacker(hit, context), api: target.api }, severity: "medium", confidence: "medium", trace: context.trace(hit, target.expr, `requests the URL (${target.api})`), ...toolOf(hit, call, context), ...signedInGrade(hit, context) });
            return;
          }
          if (exposure !== "open" && exposure !== "ineffective-guard") continue;
          // Each caller of a thin wrapper around the request gets its own finding.
          const same = ranked.filter((r) => r.exposure === exposure).map((r) => r.hit);
          for (const h of perCaller(same)) reportHit(context, call, target.expr, target.api, h, exposure === "ineffective-guard" ? "ineffectiveGuard" : clients.has(target) ? "clientEndpoint" : "ssrf");
          return;
        }
        const checkedOnce = ranked.find(({ hit }) => safeByAddressCheck(hit))?.hit;
        if (checkedOnce && followsRedirects(call, context)) {
          context.report({ node: call, messageId: "redirectAfterCheck", data: { source: describeSource(checkedOnce), api: target.api }, severity: "medium", confidence: "medium", trace: context.trace(checkedOnce, target.expr, `requests the URL (${target.api})`), ...toolOf(checkedOnce, call, context) });
          return;
        }
      }
      // curl run by a `run(cmd, args)` wrapper: each caller's URL is reported where that caller puts it in the list.
      for (const target of downloaderTargets(call, context)) {
        const hit = sinkTaint(target, context).find((h) => ssrfExposure(h) === "open");
        const inside = target.expr.getSourceFile() === call.getSourceFile() && target.expr.pos >= call.pos && target.expr.end <= call.end;
        if (hit) reportHit(context, inside ? call : target.expr, target.expr, target.api, hit, "ssrf");
      }
      // git sends only its own requests and returns no page: the model reaches internal hosts, blind.
      for (const target of gitRemoteTargets(call, context)) {
        const hit = sinkTaint(target, context).find((h) => ssrfExposure(h) === "open");
        if (!hit) continue;
        context.report({ node: call, messageId: "gitRemote", data: { source: describeSource(hit), who: attacker(hit, context), api: target.api }, severity: "medium", confidence: "medium", trace: context.trace(hit, target.expr, `fetches the repository (${target.api})`), ...toolOf(hit, call, context), ...signedInGrade(hit, context) });
      }
      // Navigating is what a browser tool is for, so it is reported below a raw request: the page's origin is still the model's choice.
      for (const target of navigationTargets(call, context)) {
        const hit = sinkTaint(target, context).find((h) => {
          const exposure = ssrfExposure(h);
          return exposure === "open" || exposure === "ineffective-guard";
        });
        if (!hit) continue;
        context.report({ node: call, messageId: "navigation", data: { source: describeSource(hit), who: attacker(hit, context), api: target.api }, severity: "medium", confidence: "medium", trace: context.trace(hit, target.expr, `opens the page (${target.api})`), ...toolOf(hit, call, context), ...signedInGrade(hit, context) });
        return;
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
});

const UNGUARDED = new Set<ReturnType<typeof ssrfExposure>>(["open", "ineffective-guard", "configured-guard"]);

function reportOnWorkers(context: RuleContext, call: ts.CallExpression | ts.NewExpression, config: string): void {
  const targets = [...requestTargets(call, context), ...navigationTargets(call, context)];
  for (const target of targets) {
    const open = sinkTaint(target, context).filter((h) => UNGUARDED.has(ssrfExposure(h)));
    for (const hit of perCaller(open)) {
      context.report({ node: call, messageId: "workers", data: { source: describeSource(hit), api: target.api, config }, severity: "low", confidence: "medium", trace: context.trace(hit, target.expr, `requests the URL (${target.api})`), ...toolOf(hit, call, context), perCaller: true });
    }
    if (open.length) return;
  }
}

const RANK: Record<ReturnType<typeof ssrfExposure>, number> = { open: 0, "ineffective-guard": 1, "configured-guard": 2, "own-host": 3, "text-guard": 4, safe: 5 };

function reportHit(context: RuleContext, call: ts.Node, at: ts.Expression, api: string, hit: Parameters<typeof describeSource>[0], messageId: "ssrf" | "ineffectiveGuard" | "clientEndpoint"): void {
  context.report({ node: call, messageId, data: { source: describeSource(hit), who: attacker(hit, context), api }, trace: context.trace(hit, at, `requests the URL (${api})`), ...toolOf(hit, call, context), ...signedInGrade(hit, context), perCaller: true });
}

