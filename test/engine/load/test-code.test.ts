import { describe, expect, it } from "vitest";
import { isTestCode } from "../../../src/engine/load/test-code.js";

describe("isTestCode", () => {
  const packages = new Set([".", "packages/relay"]);

  it("knows the tests the loader skips by name or folder", () => {
    for (const p of ["src/relay.test.ts", "src/relay.spec.mjs", "src/relay_test.ts", "src/__tests__/relay.ts", "fixtures/server.ts", "relay-e2e/run.ts", "test/relay.ts", "packages/relay/tests/relay.ts"]) expect(isTestCode(p, packages), p).toBe(true);
  });

  it("takes test-*/ *-test scripts for tests only beside a package.json", () => {
    for (const p of ["test-auth.ts", "smoke-test.mjs", "packages/relay/test-relay.ts"]) expect(isTestCode(p, packages), p).toBe(true);
    // A tool that tests a connection, and a source folder named test deep in src, are production code.
    for (const p of ["src/tools/test-connection.ts", "src/test/helpers.ts", "src/relay.ts", "testing.ts", "contest-entry.ts"]) expect(isTestCode(p, packages), p).toBe(false);
  });
});
