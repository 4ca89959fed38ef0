import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const GOLDEN_DIR = new URL("./golden/", import.meta.url);

/** Compares output with test/reporters/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const file = new URL(name, GOLDEN_DIR);
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`Missing golden file ${fileURLToPath(file)}; create it with UPDATE_GOLDEN=1 npx vitest run test/reporters`);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
