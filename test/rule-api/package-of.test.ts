import { describe, expect, it } from "vitest";
import { packageFolderOf } from "../../src/rule-api/package-of.js";

const packages = [".", "packages/a", "packages/a/plugins/x", "apps/web"].map((path) => ({ path }));

describe("packageFolderOf", () => {
  it("finds the innermost package holding a file", () => {
    expect(packageFolderOf("packages/a/src/index.ts", packages)).toBe("packages/a");
    expect(packageFolderOf("packages/a/plugins/x/src/index.ts", packages)).toBe("packages/a/plugins/x");
    expect(packageFolderOf("packages/a/plugins/y/index.ts", packages)).toBe("packages/a");
    expect(packageFolderOf("apps/web/server.js", packages)).toBe("apps/web");
  });

  it("matches whole folder names, not prefixes", () => {
    expect(packageFolderOf("packages/ab/src/index.ts", packages)).toBe(".");
    expect(packageFolderOf("apps/website/index.ts", packages)).toBe(".");
  });

  it("gives the root for files outside every package, at the top level, or with no packages at all", () => {
    expect(packageFolderOf("scripts/build.ts", packages)).toBe(".");
    expect(packageFolderOf("index.ts", packages)).toBe(".");
    expect(packageFolderOf("packages/a/src/index.ts", [])).toBe(".");
  });
});
