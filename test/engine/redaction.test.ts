import { describe, expect, it } from "vitest";
import { FORMATS, formatReport } from "../../src/reporters/index.js";
import { scanFiles } from "../helpers/temp-project.js";

// Assembled at run time so the repository itself holds no token-shaped literal.
const token = ["ghp", "Q7mZ2xK9vR4tB8nW1cY6pL3sD5fH0jA2eG7u"].join("_");
const npmToken = ["npm", "k3Jd8Qw2Zx7Rt5Vb1Nm4Hs9Lc6Yp0Fg2Ae8T"].join("_");
const password = "w7#Lq9!zR2@vX4$k";

const files = {
  "package.json": JSON.stringify({ name: "demo", dependencies: { "@modelcontextprotocol/sdk": "1.24.0" } }),
  "src/server.ts": [
    'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
    `const GITHUB_TOKEN = "${token}";`,
    'export const server = new McpServer({ name: "demo", version: "1.0.0" });',
    "export const headers = { authorization: `token ${GITHUB_TOKEN}` };",
  ].join("\n"),
  ".env": `DATABASE_PASSWORD=${password}\n`,
  ".npmrc": `//registry.npmjs.org/:_authToken=${npmToken}\n`,
  Dockerfile: `FROM node:20.11.1-slim\nENV API_TOKEN=${token}\nUSER node\nCMD ["node", "server.js"]\n`,
};

describe("secrets in reports", () => {
  it("are found but never printed, in any format", async () => {
    const report = await scanFiles(files, ["no-hardcoded-secrets", "no-weak-npmrc", "require-hardened-dockerfile"]);
    const where = report.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`);
    expect(where).toEqual(
      expect.arrayContaining(["no-hardcoded-secrets src/server.ts:2", "no-hardcoded-secrets .env:1", "no-weak-npmrc .npmrc:1", "require-hardened-dockerfile Dockerfile:2"]),
    );
    for (const format of FORMATS) {
      const out = formatReport(report, format, { color: false });
      for (const secret of [token, npmToken, password]) expect(out, `${format} output`).not.toContain(secret);
    }
    const snippet = report.findings.find((f) => f.location.path === "src/server.ts")?.location.snippet;
    expect(snippet).toBe(`const GITHUB_TOKEN = "${"*".repeat(token.length)}";`);
  });
});
