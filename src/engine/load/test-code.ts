import path from "node:path";
import { DEFAULT_EXCLUDES } from "./default-excludes.js";

/** Folders of tests, mocks and fixtures the loader skips at any depth (`__tests__`, `fixtures`, `*-e2e`). */
const TEST_FOLDERS = DEFAULT_EXCLUDES.folders.filter((f) => /test|mock|fixture|e2e/i.test(f));
/** `test` and `tests`, skipped where they sit in a package's folder. */
const PACKAGE_TEST_FOLDERS: readonly string[] = DEFAULT_EXCLUDES.packageFolders.filter((f) => f.startsWith("test"));
/** Test file names the loader skips: `.test`, `.spec`, Deno `_test` and Jasmine `_spec`. */
const TEST_FILE = /[._](test|spec)\.[cm]?[jt]sx?$/;
/** A test script at the top of a package (`test-auth.ts`, `smoke-test.mjs`): a developer runs it by hand. */
const TEST_SCRIPT = /^(test-.+|.+-test)\.[cm]?[jt]sx?$/;

/**
 * Whether a scanned file (path relative to the root) is test code: named or placed as the tests the loader skips
 * (scanned when re-included), or a test script beside a package.json. How it calls the project's code tells nothing
 * about what production callers pass.
 */
export function isTestCode(relativePath: string, packageDirs: ReadonlySet<string>): boolean {
  const segments = relativePath.split("/");
  const name = segments.pop() ?? "";
  const dirOf = (count: number) => segments.slice(0, count).join("/") || ".";
  if (TEST_FILE.test(name)) return true;
  if (segments.some((s, i) => TEST_FOLDERS.some((f) => (f.startsWith("*") ? s.endsWith(f.slice(1)) : s === f)) || (PACKAGE_TEST_FOLDERS.includes(s) && packageDirs.has(dirOf(i))))) return true;
  return TEST_SCRIPT.test(name) && packageDirs.has(dirOf(segments.length));
}
