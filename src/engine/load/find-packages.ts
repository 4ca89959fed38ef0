import path from "node:path";
import type { PackageInfo, ScanError } from "../../rule-api/types.js";
import { byPath } from "./by-path.js";
import { parsePackageManifest, type PackageManifestFacts } from "./parse-package-manifest.js";
import type { LoadedFile } from "./types.js";

/**
 * Every folder with a kept package.json or tsconfig.json, root first as ".". A package.json that
 * was skipped (too large, binary) still marks its folder, without a name.
 */
export function findPackages(
  filePaths: readonly string[],
  auxiliary: readonly LoadedFile[],
): { packages: PackageInfo[]; errors: ScanError[] } {
  const folders = new Map<string, { tsconfig?: string }>();
  for (const filePath of filePaths) {
    const name = path.posix.basename(filePath);
    if (name !== "package.json" && name !== "tsconfig.json") continue;
    const folder = folders.get(path.posix.dirname(filePath)) ?? {};
    if (name === "tsconfig.json") folder.tsconfig = filePath;
    folders.set(path.posix.dirname(filePath), folder);
  }
  const texts = new Map(auxiliary.map((file) => [file.path, file.text]));
  const errors: ScanError[] = [];
  const packages = [...folders].map(([folderPath, { tsconfig }]): PackageInfo => {
    const manifestPath = folderPath === "." ? "package.json" : `${folderPath}/package.json`;
    const text = texts.get(manifestPath);
    let manifest: PackageManifestFacts = { dependencies: [] };
    if (text !== undefined) {
      try {
        manifest = parsePackageManifest(text);
      } catch (error) {
        errors.push({ kind: "read", path: manifestPath, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return {
      path: folderPath,
      ...(manifest.name !== undefined && { name: manifest.name }),
      ...(tsconfig !== undefined && { tsconfig }),
      ...(manifest.mcpSdk !== undefined && { mcpSdk: manifest.mcpSdk }),
      ...(manifest.fastmcp !== undefined && { fastmcp: manifest.fastmcp }),
      ...(manifest.dependencies.length > 0 && { dependencies: manifest.dependencies }),
    };
  });
  packages.sort((a, b) => (a.path === "." ? -1 : b.path === "." ? 1 : byPath(a, b)));
  return { packages, errors };
}
