import { describe, expect, it } from "vitest";
import type { TaintHit } from "../../src/engine/dataflow/taint.js";
import { describeSource } from "../../src/rule-api/describe-source.js";

function hit(label: string, path: string[]): TaintHit {
  return { taint: { root: { kind: "source", id: "s" }, path, derived: false, marks: [], trace: [] }, spec: { kind: "tool-argument", label } } as unknown as TaintHit;
}

describe("describeSource", () => {
  it("names the field the value was read from, then where it entered", () => {
    expect(describeSource(hit('arguments of tool "fetch"', ["url"]))).toBe('`url` from arguments of tool "fetch"');
  });

  it("speaks of one argument or variable when no field is named, so the message's verb agrees", () => {
    expect(describeSource(hit('arguments of tool "call_api"', []))).toBe('An argument of tool "call_api"');
    expect(describeSource(hit('variables of resource template "docs://{file}"', ["*"]))).toBe('A variable of resource template "docs://{file}"');
    expect(describeSource(hit("HTTP request data (POST /mcp)", []))).toBe("HTTP request data (POST /mcp)");
  });

  it("keeps the first letter as it is inside a sentence", () => {
    expect(describeSource(hit('arguments of tool "call_api"', []), true)).toBe('an argument of tool "call_api"');
  });
});
