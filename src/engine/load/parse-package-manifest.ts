const SDK_PACKAGE = "@modelcontextprotocol/sdk";
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies"] as const;

/** The package name and declared MCP SDK range from package.json text; throws when it is not a JSON object. */
export function parsePackageManifest(text: string): { name?: string; mcpSdk?: string } {
  const manifest: unknown = JSON.parse(text);
  if (!isRecord(manifest)) throw new Error("package.json is not a JSON object");
  const name = typeof manifest.name === "string" ? manifest.name : undefined;
  const mcpSdk = DEPENDENCY_FIELDS.map((field) => manifest[field])
    .map((dependencies) => (isRecord(dependencies) ? dependencies[SDK_PACKAGE] : undefined))
    .find((range): range is string => typeof range === "string");
  return { ...(name !== undefined && { name }), ...(mcpSdk !== undefined && { mcpSdk }) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
