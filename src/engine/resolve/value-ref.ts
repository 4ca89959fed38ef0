import type { ts } from "ts-morph";
import type { FunctionLike } from "../ast/function-like.js";

/** A library export reached by import, require or a global name. */
export interface ApiRef {
  kind: "api";
  /** Normalised module name ("child_process", "fs", "global", "@modelcontextprotocol/sdk/server/mcp"). */
  module: string;
  path: string[];
  /** Wrapped in util.promisify (same sink, other calling convention). */
  promisified: boolean;
}

/** What an expression denotes, as far as the resolver can tell. */
export type ValueRef =
  | ApiRef
  | { kind: "function"; node: FunctionLike }
  | { kind: "class"; node: ts.ClassLikeDeclaration }
  | { kind: "object"; node: ts.ObjectLiteralExpression }
  | { kind: "array"; node: ts.ArrayLiteralExpression }
  | { kind: "instance"; of: ValueRef; node: ts.Node }
  | { kind: "module"; node: ts.SourceFile }
  | { kind: "literal"; value: string; node: ts.Node }
  /** Any of several values (what a function's callers pass, the objects Object.assign merges); read only inside the resolver, which shows others unknown. */
  | { kind: "union"; refs: ValueRef[] }
  | { kind: "unknown" };

export const UNKNOWN: ValueRef = { kind: "unknown" };

export function qualifiedName(ref: ApiRef): string {
  return ref.path.length ? `${ref.module}.${ref.path.join(".")}` : ref.module;
}

/** How an API reads in a message: `fetch`, `child_process.exec`, `SSEClientTransport`, `axios.get`. */
export function displayName(ref: ApiRef): string {
  const path = ref.path.filter((p) => p !== "#");
  if (ref.module === "global") return path.join(".");
  if (ref.module.startsWith("@") && path.length) return path[path.length - 1] as string;
  return path.length ? `${ref.module}.${path.join(".")}` : ref.module;
}
