import path from "node:path";
import type { LoadedFile } from "../../engine/load/types.js";

/** One `key=value` setting of an .npmrc. */
export interface NpmrcSetting {
  /** The key as written, with any `//host/:` or `@scope:` prefix. */
  key: string;
  /** The key without its prefix (`_authToken`, `registry`, `strict-ssl`). */
  name: string;
  /** `//host/path/:` or `@scope:` when the key has one. */
  prefix: string;
  value: string;
  line: number;
  /** 1-based column where the value starts. */
  valueColumn: number;
}

/** The settings of every .npmrc in the repository, by file. */
export function npmrcSettings(files: readonly LoadedFile[]): { file: LoadedFile; settings: NpmrcSetting[] }[] {
  return files.filter((f) => path.posix.basename(f.path) === ".npmrc").map((file) => ({ file, settings: parseNpmrc(file.text) }));
}

/** npm's ini format: `key = value`, `#`/`;` comments, values optionally quoted. */
function parseNpmrc(text: string): NpmrcSetting[] {
  const out: NpmrcSetting[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^(\s*)([^=\s#;][^=]*?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m || /^\s*[#;]/.test(raw)) return;
    const key = m[2] as string;
    const scoped = /^(\/\/.*?:|@[^:]+:)(.+)$/.exec(key);
    const valueText = m[3] as string;
    const value = /^(["']).*\1$/.test(valueText) ? valueText.slice(1, -1) : valueText;
    out.push({ key, name: scoped ? (scoped[2] as string) : key, prefix: scoped ? (scoped[1] as string) : "", value, line: i + 1, valueColumn: raw.trimEnd().length - valueText.length + 1 });
  });
  return out;
}
