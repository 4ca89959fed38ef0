/** Hosts that serve the public npm registry's packages. */
const PUBLIC_REGISTRIES = new Set(["registry.npmjs.org", "registry.yarnpkg.com", "npm.pkg.github.com"]);

export type ResolvedKind = "registry" | "plain-http" | "non-registry";

/**
 * Where a lockfile's `resolved` URL fetches from: a registry (the public one, one the repository declares, or any
 * https URL with the registry's `/<name>/-/<file>.tgz` layout), plain http, or somewhere else (git, a tarball URL).
 */
export function resolvedKind(url: string, declaredHosts: ReadonlySet<string> = new Set()): ResolvedKind {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "non-registry";
  }
  if (parsed.protocol === "http:") return "plain-http";
  if (parsed.protocol !== "https:") return "non-registry";
  if (PUBLIC_REGISTRIES.has(parsed.hostname) || declaredHosts.has(parsed.hostname)) return "registry";
  return /\/-\/[^/]+\.tgz$/.test(parsed.pathname) ? "registry" : "non-registry";
}
