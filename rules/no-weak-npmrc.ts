import { createRule } from "../src/rule-api/index.js";
import { npmrcSettings } from "../src/rule-api/repo/npmrc.js";
import { isPlaceholderSecret } from "../src/rule-api/secrets/placeholder.js";

/** Hosts that serve the public npm registry itself (registry.yarnpkg.com is a CNAME of it). */
const PUBLIC_REGISTRY = new Set(["registry.npmjs.org", "registry.yarnpkg.com"]);
const AUTH_KEYS = new Set(["_authToken", "_auth", "_password"]);

export default createRule({
  id: "no-weak-npmrc",
  meta: {
    description: "Keep TLS verification on, the default registry public and credentials out of committed npm configuration",
    severity: "high",
    confidence: "high",
    checklist: ["SUPPLY-2", "SAUTH-2"],
    cwe: ["CWE-295", "CWE-798"],
    messages: {
      strictSslOff:
        "{{file}} sets `strict-ssl=false`: npm accepts any certificate for the registry, so anyone on the network path (a hotel Wi-Fi, a compromised proxy) can serve modified packages to every install. Remove the line; for a corporate proxy, add its CA with `cafile=`.",
      plainHttpRegistry:
        "{{file}} points {{scope}} at `{{registry}}` over plain http: packages and auth tokens travel unencrypted and can be swapped in transit. Use the registry's https URL.",
      customRegistry:
        "{{file}} sets the default registry to `{{registry}}` instead of registry.npmjs.org: every unscoped package (the MCP SDK included) comes from whoever runs that host, and lockfile URLs point there. Keep public packages on the npm registry and route only your own scope (`@your-org:registry=…`) to a private one.",
      committedAuth:
        "{{file}} commits a literal `{{key}}` for {{host}} (value not shown): anyone who can read the repository can publish or read packages as its owner. Revoke the credential, write `{{key}}=${NPM_TOKEN}`, and provide the token from CI secrets or a user-level ~/.npmrc.",
    },
    docs: {
      rationale:
        "A project's .npmrc configures every install and publish run in the repository, on developer machines and in CI. `strict-ssl=false` disables certificate checks, so any machine in the middle can serve tampered packages. A default `registry=` elsewhere than registry.npmjs.org hands the choice of every unscoped package to that host (and invites dependency confusion), and a plain-http registry can be rewritten in transit. A literal `_authToken` is a publish credential for everyone who can read the repository — the classic way npm packages get hijacked.",
      remediation:
        "Remove `strict-ssl=false` (trust a corporate CA with `cafile=` instead), keep the default registry on https://registry.npmjs.org/ and route only your own scopes to a private registry (`@acme:registry=https://npm.acme.example/`), and reference credentials from the environment: `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`. Revoke any token that was ever committed; it stays in the git history.",
      examples: {
        bad: [
          "// file: .npmrc",
          "// strict-ssl=false",
          "// registry=http://npm-mirror.internal.example/",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "inventory", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: .npmrc",
          "// @acme:registry=https://npm.acme.example/",
          "// //npm.acme.example/:_authToken=${ACME_NPM_TOKEN}",
          "// engine-strict=true",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "inventory", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/295.html", "https://cwe.mitre.org/data/definitions/798.html", "https://docs.npmjs.com/cli/v10/configuring-npm/npmrc", "https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl"],
  },
  create(context) {
    return {
      check() {
        for (const { file, settings } of npmrcSettings(context.auxiliaryFiles)) {
          for (const s of settings) {
            const location = { path: file.path, line: s.line };
            if (s.name === "strict-ssl" && s.value.toLowerCase() === "false") {
              context.report({ location, messageId: "strictSslOff", data: { file: file.path }, severity: "high" });
            } else if (s.name === "registry" && !s.value.includes("${")) {
              const url = parseUrl(s.value);
              if (!url) continue;
              const scope = s.prefix ? `the ${s.prefix.replace(/:$/, "")} scope` : "the default registry";
              const registry = `${url.protocol}//${url.host}${url.pathname}`;
              if (url.protocol === "http:") context.report({ location, messageId: "plainHttpRegistry", data: { file: file.path, scope, registry }, severity: "high" });
              else if (!s.prefix && !PUBLIC_REGISTRY.has(url.hostname)) context.report({ location, messageId: "customRegistry", data: { file: file.path, registry }, severity: "medium", confidence: "medium" });
            } else if (AUTH_KEYS.has(s.name) && isLiteralCredential(s.value)) {
              const host = s.prefix.startsWith("//") ? s.prefix.replace(/^\/\/|\/?:$/g, "") : "the default registry";
              context.report({ location: { ...location, column: s.valueColumn }, messageId: "committedAuth", data: { file: file.path, key: s.name, host }, severity: "high", redact: true });
            }
          }
        }
      },
    };
  },
});

/** A value that is itself the credential: not an environment reference, not empty, not a placeholder. */
function isLiteralCredential(value: string): boolean {
  if (/\$\{[^}]+\}|^\$[A-Z_]+$/.test(value)) return false;
  return !isPlaceholderSecret(value);
}

/** The URL without credentials (a registry URL can carry `user:password@`). */
function parseUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    url.username = "";
    url.password = "";
    return url;
  } catch {
    return undefined;
  }
}
