import { describe, expect, it } from "vitest";
import { importedFromShippedCode, isExampleCode } from "../../../src/engine/load/example-code.js";

describe("isExampleCode", () => {
  const packages = new Set([".", "packages/relay"]);

  it("knows example, sample, demo, playground and benchmark folders at any depth", () => {
    for (const p of ["examples/open.ts", "src/examples/addition.ts", "packages/relay/example/server.ts", "Samples/basic.js", "demos/http.ts", "apps/playground/index.ts", "apps/benchmark/server/fake-mcp.ts", "bench/load.ts", "benchmarks/run.mjs"]) expect(isExampleCode(p, packages), p).toBe(true);
    for (const p of ["src/benchmark-tools.ts", "packages/benchmarker/src/index.ts"]) expect(isExampleCode(p, packages), p).toBe(false);
  });

  it("takes a scripts folder for development code only beside a package.json or at the root", () => {
    for (const p of ["scripts/dev-http-server.ts", "packages/relay/scripts/seed.ts"]) expect(isExampleCode(p, packages), p).toBe(true);
    // Tools under src/scripts, a file named example, and templates a generator ships are source.
    for (const p of ["src/scripts/tools/run.ts", "src/example.ts", "templates/server/index.ts", "src/examples.ts", "packages/other/scripts/x.ts"]) expect(isExampleCode(p, packages), p).toBe(false);
  });
});

describe("importedFromShippedCode", () => {
  const imports: Record<string, string[]> = {
    "src/server.ts": ["scripts/modules/tasks.js"],
    "scripts/modules/tasks.js": ["scripts/modules/utils.js"],
    "scripts/modules/utils.js": ["src/paths.ts"],
    "src/paths.ts": [],
    "scripts/release.ts": ["scripts/modules/utils.js", "scripts/bump.ts"],
    "scripts/bump.ts": [],
    "examples/demo.ts": ["src/server.ts"],
  };
  const isExample = (f: string) => f.startsWith("scripts/") || f.startsWith("examples/");
  const shipped = importedFromShippedCode(Object.keys(imports), isExample, (f) => imports[f] ?? []);

  it("finds example-path files that shipped code reaches, through other example-path files", () => {
    expect([...shipped].sort()).toEqual(["scripts/modules/tasks.js", "scripts/modules/utils.js"]);
  });

  it("leaves files only other example code imports, and the examples themselves, as examples", () => {
    for (const f of ["scripts/release.ts", "scripts/bump.ts", "examples/demo.ts", "src/server.ts"]) expect(shipped.has(f), f).toBe(false);
  });
});
