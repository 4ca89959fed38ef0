import { createHash } from "node:crypto";
import type { TreeWriter } from "./tree-writer.js";

/** Versions the lockfile pins; manifests declare them as caret ranges. */
const VERSIONS: Record<string, string> = {
  "@modelcontextprotocol/sdk": "1.26.0",
  "@types/node": "20.19.24",
  axios: "1.12.2",
  execa: "9.6.0",
  express: "5.1.0",
  fastmcp: "3.23.1",
  "mcp-framework": "0.2.15",
  pg: "8.16.3",
  typescript: "5.9.3",
  zod: "3.25.76",
};

const SCOPE = "@bench";
const ROOT_DEV = ["@types/node", "typescript"];

/** What the root files need to know about one workspace package. */
export interface WorkspacePackage {
  folder: string;
  name: string;
  version: string;
  dependencies: Record<string, string>;
}

export function npmName(folder: string): string {
  return `${SCOPE}/${folder}`;
}

/** Caret ranges for external dependencies, ^1.0.0 for workspace siblings. */
export function dependencyRanges(deps: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dep of [...deps].sort()) out[dep] = dep.startsWith(`${SCOPE}/`) ? "^1.0.0" : `^${versionOf(dep)}`;
  return out;
}

function versionOf(dep: string): string {
  const version = VERSIONS[dep];
  if (!version) throw new Error(`no pinned version for ${dep}`);
  return version;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function writePackageFiles(writer: TreeWriter, pkg: WorkspacePackage, description: string, javascript: string | undefined): void {
  const dir = `packages/${pkg.folder}`;
  const entry = javascript ? `src/index${javascript}` : "dist/index.js";
  writer.write(
    `${dir}/package.json`,
    json({
      name: pkg.name,
      version: pkg.version,
      description,
      private: true,
      type: "module",
      bin: { [`${pkg.folder}-mcp`]: entry },
      main: entry,
      scripts: javascript ? { start: `node ${entry}`, check: "tsc -p tsconfig.json" } : { build: "tsc -p tsconfig.json", start: `node ${entry}` },
      dependencies: pkg.dependencies,
    }),
  );
  const compilerOptions = javascript ? { allowJs: true, checkJs: false, noEmit: true } : { rootDir: "src", outDir: "dist" };
  writer.write(`${dir}/tsconfig.json`, json({ extends: "../../tsconfig.base.json", compilerOptions, include: ["src"] }));
}

/** Root manifest, TypeScript configuration, lockfile, Dependabot and README. */
export function writeRootFiles(writer: TreeWriter, packages: readonly WorkspacePackage[]): void {
  const devDependencies = dependencyRanges(ROOT_DEV);
  writer.write(
    "package.json",
    json({
      name: "bench-mcp-monorepo",
      version: "0.0.0",
      private: true,
      type: "module",
      workspaces: ["packages/*"],
      scripts: { build: "npm run build --workspaces --if-present", start: "npm start --workspace" },
      devDependencies,
      engines: { node: ">=20" },
    }),
  );
  writer.write(
    "tsconfig.base.json",
    json({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, esModuleInterop: true, skipLibCheck: true, declaration: false, sourceMap: true } }),
  );
  writer.write("tsconfig.json", json({ files: [], references: packages.map((p) => ({ path: `./packages/${p.folder}` })) }));
  writer.write("package-lock.json", json(lockfile(packages, devDependencies)));
  writer.write(".github/dependabot.yml", DEPENDABOT);
  writer.write(".gitignore", "node_modules/\ndist/\n*.log\n");
  writer.write("README.md", `# MCP servers\n\nA workspace of ${packages.length - 1} MCP servers and the helpers they share (\`packages/shared\`).\n\n\`\`\`sh\nnpm ci\nnpm run build\n\`\`\`\n`);
}

const DEPENDABOT = `version: 2
updates:
  - package-ecosystem: npm
    directory: "/"
    schedule:
      interval: weekly
    groups:
      mcp:
        patterns: ["@modelcontextprotocol/*", "fastmcp", "mcp-framework"]
`;

/** An npm v3 lockfile consistent with the manifests: every external package pinned with an integrity hash. */
function lockfile(packages: readonly WorkspacePackage[], devDependencies: Record<string, string>): unknown {
  const entries: Record<string, unknown> = { "": { name: "bench-mcp-monorepo", version: "0.0.0", workspaces: ["packages/*"], devDependencies, engines: { node: ">=20" } } };
  const external = new Map<string, boolean>(ROOT_DEV.map((d) => [d, true]));
  for (const p of packages) {
    entries[`packages/${p.folder}`] = { name: p.name, version: p.version, dependencies: p.dependencies };
    for (const dep of Object.keys(p.dependencies)) if (!dep.startsWith(`${SCOPE}/`)) external.set(dep, false);
  }
  for (const p of [...packages].sort((a, b) => a.name.localeCompare(b.name))) entries[`node_modules/${p.name}`] = { resolved: `packages/${p.folder}`, link: true };
  for (const [dep, dev] of [...external.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const version = versionOf(dep);
    const base = dep.split("/").pop() as string;
    entries[`node_modules/${dep}`] = {
      version,
      resolved: `https://registry.npmjs.org/${dep}/-/${base}-${version}.tgz`,
      integrity: `sha512-${createHash("sha512").update(`${dep}@${version}`).digest("base64")}`,
      ...(dev ? { dev: true } : {}),
      license: "MIT",
    };
  }
  return { name: "bench-mcp-monorepo", version: "0.0.0", lockfileVersion: 3, requires: true, packages: entries };
}
