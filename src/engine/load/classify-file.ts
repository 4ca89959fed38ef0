import path from "node:path";
import { Minimatch } from "minimatch";

export type FileKind = "source" | "auxiliary";

/** Extensions of the files we analyse; declaration files are left out by DEFAULT_EXCLUDES.sourceFiles. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);

/** Manifests and configuration read for repository-level rules; globs relative to the root. */
export const AUXILIARY_FILE_PATTERNS: readonly string[] = [
  "**/package.json",
  "**/tsconfig*.json",
  "**/jsconfig.json",
  "**/package-lock.json",
  "**/npm-shrinkwrap.json",
  "**/pnpm-lock.yaml",
  "**/yarn.lock",
  "**/bun.lock",
  "**/.npmrc",
  "**/.env",
  "**/.env.*",
  "**/Dockerfile",
  "**/Dockerfile.*",
  "**/*.dockerfile",
  "**/Containerfile",
  "**/docker-compose*.{yml,yaml}",
  "**/compose*.{yml,yaml}",
  ".github/workflows/*.{yml,yaml}",
  ".github/dependabot.{yml,yaml}",
  "**/renovate.json",
  "**/renovate.json5",
  ".github/renovate.json*",
  "**/server.json",
  "**/mcp.json",
  "**/.mcp.json",
  "**/claude_desktop_config.json",
  "**/.mcp-warden.{yml,yaml}",
  ".github/mcp-warden.{yml,yaml}",
  "**/k8s/**/*.y?(a)ml",
  "**/kubernetes/**/*.y?(a)ml",
  "**/.gitattributes",
  "**/wrangler.{toml,json,jsonc}",
];

const auxiliaryMatchers = AUXILIARY_FILE_PATTERNS.map((pattern) => new Minimatch(pattern, { dot: true }));

/** Whether a file (path relative to the root) is source to analyse, an auxiliary file to read, or neither. */
export function classifyFile(filePath: string): FileKind | undefined {
  if (SOURCE_EXTENSIONS.has(path.posix.extname(filePath))) return "source";
  return auxiliaryMatchers.some((matcher) => matcher.match(filePath)) ? "auxiliary" : undefined;
}
