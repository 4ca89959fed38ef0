const SDK_PACKAGE = "@modelcontextprotocol/sdk";
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies"] as const;

export interface PackageManifestFacts {
  name?: string;
  mcpSdk?: string;
  /** Declared fastmcp range: since 3.15 its HTTP transport binds localhost unless told otherwise. */
  fastmcp?: string;
  /** Names of every dependency (runtime, dev and peer), sorted. */
  dependencies: string[];
}

/** The package name, declared MCP SDK and fastmcp ranges and dependency names from package.json text; throws when it is not a JSON object. */
export function parsePackageManifest(text: string): PackageManifestFacts {
  const manifest: unknown = JSON.parse(text);
  if (!isRecord(manifest)) throw new Error("package.json is not a JSON object");
  const name = typeof manifest.name === "string" ? manifest.name : undefined;
  const declared = (pkg: string) =>
    DEPENDENCY_FIELDS.map((field) => manifest[field])
      .map((dependencies) => (isRecord(dependencies) ? dependencies[pkg] : undefined))
      .find((range): range is string => typeof range === "string");
  const mcpSdk = declared(SDK_PACKAGE);
  const fastmcp = declared("fastmcp");
  const dependencies = [...new Set(DEPENDENCY_FIELDS.flatMap((field) => (isRecord(manifest[field]) ? Object.keys(manifest[field] as object) : [])))].sort();
  return { ...(name !== undefined && { name }), ...(mcpSdk !== undefined && { mcpSdk }), ...(fastmcp !== undefined && { fastmcp }), dependencies };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
