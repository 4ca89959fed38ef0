import type { Random } from "./random.js";
import { forLanguage, type Lang } from "./source.js";
import type { TreeWriter } from "./tree-writer.js";
import type { Domain, Vocabulary } from "./vocabulary.js";

/** The ways an MCP server can be written that mcp-warden models. */
export type Style = "sdk" | "lowlevel" | "fastmcp" | "framework";

/** Everything the templates of one server package need to know. */
export interface PackageContext {
  random: Random;
  writer: TreeWriter;
  domain: Domain;
  /** Folder name under packages/, also the server name. */
  name: string;
  /** Prefix of every tool name, so names are unique and specific to the server. */
  prefix: string;
  style: Style;
  lang: Lang;
  /** Extension of source files (.ts, .js or .mjs). */
  ext: string;
  http: boolean;
  words: Vocabulary;
  /** Whether the API client comes from @bench/shared rather than the package's own lib. */
  sharedClient: boolean;
  deps: Set<string>;
  /** Source lines written for this package so far. */
  lines: number;
}

export function packageDir(ctx: PackageContext): string {
  return `packages/${ctx.name}`;
}

/** An import specifier for a module of this package, with the extension Node needs at run time. */
export function rel(ctx: PackageContext, specifier: string): string {
  return `${specifier}${ctx.ext === ".mjs" ? ".mjs" : ".js"}`;
}

/** Writes a source file (path under src/, without extension) in the package's language. */
export function emit(ctx: PackageContext, modulePath: string, text: string): void {
  const before = ctx.writer.lines;
  ctx.writer.write(`${packageDir(ctx)}/src/${modulePath}${ctx.ext}`, forLanguage(text, ctx.lang));
  ctx.lines += ctx.writer.lines - before;
}
