import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/index.js";
import { scanRepository } from "../../src/github/scan-repository.js";
import { SHELL_SERVER } from "../cli/run-cli.js";
import { writeProject } from "../helpers/temp-project.js";

const checkout = writeProject({ "packages/server/src/index.ts": SHELL_SERVER, "README.md": "# repo\n" });
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

describe("scanRepository", () => {
  it("names files from the repository root when it scans a subfolder", async () => {
    const report = await scanRepository({ checkout, scanPath: "packages/server", config: defaultConfig, commit: "a".repeat(40) });
    const shell = report.findings.find((f) => f.ruleId === "no-shell-injection");
    expect(shell?.location.path).toBe("packages/server/src/index.ts");
    expect(shell?.trace.every((step) => step.location.path.startsWith("packages/server/"))).toBe(true);
    expect(report.inventory.tools.map((t) => t.location.path)).toEqual(["packages/server/src/index.ts"]);
    expect(report.compliance?.commit).toBe("a".repeat(40));
  });

  it("refuses a folder outside the checkout or missing from it, naming the path input", async () => {
    await expect(scanRepository({ checkout, scanPath: "../elsewhere", config: defaultConfig, commit: "a" })).rejects.toThrow(/^path: "\.\.\/elsewhere" is outside the repository/);
    await expect(scanRepository({ checkout, scanPath: "packages/missing", config: defaultConfig, commit: "a" })).rejects.toThrow(/^path: "packages\/missing" is not a folder of the repository/);
  });
});
