import { DEFAULT_EXCLUDES } from "./default-excludes.js";

const { lines, matchCase, anyCase } = DEFAULT_EXCLUDES.generatedMarkers;

/** esbuild's comment before each module it bundled: `// node_modules/zod/lib/index.mjs`, `// src/tools/run.ts`. */
const MODULE_COMMENT = /^\/\/ [\w@.-]+(?:\/[\w@.-]+)+\.[cm]?[jt]sx?$/gm;
const MAX_MODULE_COMMENTS = 2000;

/** The generated-code marker found in the first lines of the text, if any. */
export function detectGenerated(text: string): string | undefined {
  let end = -1;
  for (let line = 0; line < lines; line++) {
    end = text.indexOf("\n", end + 1);
    if (end === -1) break;
  }
  const head = end === -1 ? text : text.slice(0, end);
  const lowerHead = head.toLowerCase();
  return matchCase.find((marker) => head.includes(marker)) ?? anyCase.find((marker) => lowerHead.includes(marker));
}

/**
 * Why JavaScript text looks like a bundle of the project's own modules, which are scanned as their own files: the
 * bundler's module comments, one of which names a scanned file. Undefined when it looks hand-written or stands alone.
 */
export function detectBundle(text: string, scanned: (path: string) => boolean): string | undefined {
  const modules: string[] = [];
  MODULE_COMMENT.lastIndex = 0;
  for (let m = MODULE_COMMENT.exec(text); m && modules.length < MAX_MODULE_COMMENTS; m = MODULE_COMMENT.exec(text)) modules.push(m[0].slice(3));
  if (modules.length < DEFAULT_EXCLUDES.bundledModules) return undefined;
  const own = modules.find((module) => !module.startsWith("node_modules/") && scanned(module));
  return own ? `bundled modules, such as ${own}` : undefined;
}
