import { describe, expect, it } from "vitest";
import { readAppSettings } from "../../src/app/app-settings.js";
import { ConfigurationError } from "../../src/config/index.js";

describe("readAppSettings", () => {
  it("reads the database, concurrency, timeout, worker memory and temporary folder", () => {
    const settings = readAppSettings({ MCP_WARDEN_DB: "/data/warden.sqlite", MCP_WARDEN_CONCURRENCY: "4", MCP_WARDEN_SCAN_TIMEOUT: "90", MCP_WARDEN_SCAN_MEMORY: "1024", MCP_WARDEN_TMPDIR: "/scratch" });
    expect(settings).toMatchObject({ database: "/data/warden.sqlite", concurrency: 4, timeoutMs: 90_000, memoryMb: 1024, tempRoot: "/scratch", throttle: true });
  });

  it("has defaults", () => {
    expect(readAppSettings({})).toMatchObject({ database: "mcp-warden.sqlite", concurrency: 2, timeoutMs: 600_000, memoryMb: 2048 });
  });

  it.each([["MCP_WARDEN_CONCURRENCY", "0"], ["MCP_WARDEN_CONCURRENCY", "two"], ["MCP_WARDEN_SCAN_TIMEOUT", "1.5"], ["MCP_WARDEN_SCAN_MEMORY", "-1"]])("refuses %s=%s, naming the variable", (name, value) => {
    const read = () => readAppSettings({ [name]: value });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(name);
  });
});
