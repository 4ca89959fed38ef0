import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ConfigurationError, findConfigFile, loadConfig } from "../../src/config/index.js";

async function folderWith(files: Record<string, string>): Promise<string> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "mcp-warden-config-")));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  return root;
}

describe("loadConfig", () => {
  it("reads and validates a file", async () => {
    const root = await folderWith({ "c.yml": "failOn: medium\n" });
    expect((await loadConfig(path.join(root, "c.yml"))).failOn).toBe("medium");
  });

  it("names the file by its path, or by sourceName", async () => {
    const root = await folderWith({ "c.yml": "failOn: x\n" });
    await expect(loadConfig(path.join(root, "c.yml"))).rejects.toThrow(`${path.join(root, "c.yml")}:1: failOn:`);
    await expect(loadConfig(path.join(root, "c.yml"), { sourceName: "c.yml" })).rejects.toThrow(/^c\.yml:1: failOn: "x" is not valid/);
  });

  it("checks rule ids against the list it is given", async () => {
    const root = await folderWith({ "c.yml": "rules:\n  my-rule: off\n" });
    expect((await loadConfig(path.join(root, "c.yml"), { ruleIds: ["my-rule"] })).rules).toEqual({ "my-rule": "off" });
  });

  it("turns a missing or unreadable file into a ConfigurationError", async () => {
    const root = await folderWith({});
    const missing = loadConfig(path.join(root, "nope.yml"), { sourceName: "nope.yml" });
    await expect(missing).rejects.toBeInstanceOf(ConfigurationError);
    await expect(missing).rejects.toThrow("config file: cannot read nope.yml (no such file); expected a readable YAML file");
    await expect(loadConfig(root, { sourceName: "folder" })).rejects.toThrow("cannot read folder (EISDIR)");
  });
});

describe("findConfigFile", () => {
  it("finds .mcp-warden.yml or .mcp-warden.yaml", async () => {
    const yml = await folderWith({ ".mcp-warden.yml": "" });
    const yaml = await folderWith({ ".mcp-warden.yaml": "" });
    expect(await findConfigFile(yml)).toBe(path.join(yml, ".mcp-warden.yml"));
    expect(await findConfigFile(yaml)).toBe(path.join(yaml, ".mcp-warden.yaml"));
  });

  it("finds nothing in a folder without one, or where the name is a folder", async () => {
    const root = await folderWith({ "mcp-warden.yml": "" });
    expect(await findConfigFile(root)).toBeUndefined();
    await mkdir(path.join(root, ".mcp-warden.yml"));
    expect(await findConfigFile(root)).toBeUndefined();
  });

  it("refuses to choose between two files", async () => {
    const root = await folderWith({ ".mcp-warden.yml": "", ".mcp-warden.yaml": "" });
    await expect(findConfigFile(root)).rejects.toThrow(/config file: both .*\.mcp-warden\.yml and .*\.mcp-warden\.yaml exist; expected one of \.mcp-warden\.yml or \.mcp-warden\.yaml/);
  });
});
