import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/rule-api/repo/lockfiles.js";

const file = (path: string, text: string) => ({ path, absPath: `/repo/${path}`, text });

describe("lockfiles", () => {
  it("reads the pnpm lockfile proper when an environment document comes first", () => {
    const text = [
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    configDependencies: {}",
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    dependencies:",
      "      '@modelcontextprotocol/sdk':",
      "        specifier: ^1.26.0",
      "        version: 1.26.0",
      "packages:",
      "  '@modelcontextprotocol/sdk@1.26.0':",
      "    resolution: {integrity: sha512-AAAA}",
      "",
    ].join("\n");
    const lock = readLockfile(file("pnpm-lock.yaml", text));
    expect(lock.error).toBeUndefined();
    expect(lock.versionFor(".", "@modelcontextprotocol/sdk")).toBe("1.26.0");
    expect(lock.entries.map((e) => [e.name, e.integrity])).toEqual([["@modelcontextprotocol/sdk", "sha512-AAAA"]]);
  });

  it("names the file and the YAML error when a lockfile does not parse", () => {
    const lock = readLockfile(file("pnpm-lock.yaml", "importers:\n  .:\n    dependencies: {a: [\n"));
    expect(lock.error).toMatch(/^pnpm-lock\.yaml does not parse as YAML: /);
    expect(lock.entries).toEqual([]);
  });
});
