import ignore from "ignore";

/** The rules of one .gitignore (or .git/info/exclude), with the folder they are relative to ("" for the root). */
export interface GitignoreRules {
  base: string;
  rules: ignore.Ignore;
}

/** The rules that apply in a folder, deepest .gitignore first, as git weighs them. */
export type GitignoreChain = readonly GitignoreRules[];

export function parseGitignore(base: string, text: string): GitignoreRules {
  return { base, rules: ignore().add(text) };
}

/** Whether git would ignore the path: the deepest file whose rules match (ignore or negate) decides. */
export function isGitignored(chain: GitignoreChain, path: string, isDir: boolean): boolean {
  for (const { base, rules } of chain) {
    const relative = base === "" ? path : path.slice(base.length + 1);
    const verdict = rules.test(isDir ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
