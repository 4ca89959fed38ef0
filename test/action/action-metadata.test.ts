import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../cli/run-cli.js";

interface ActionMetadata {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync(`${REPO}/action.yml`, "utf8")) as ActionMetadata;
const source = (file: string) => readFileSync(`${REPO}/src/action/${file}`, "utf8");

describe("action.yml", () => {
  it("runs the bundle on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("declares exactly the inputs the Action reads and the outputs it sets", () => {
    const read = [...source("inputs.ts").matchAll(/core\.getInput\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(read)).toEqual(new Set(Object.keys(action.inputs)));
    const set = [...source("main.ts").matchAll(/core\.setOutput\("([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(set)).toEqual(new Set(Object.keys(action.outputs)));
    expect(action.inputs.token?.default).toBe("${{ github.token }}");
  });
});
