import { Imports, num } from "./source.js";

/** One tool argument: its zod schema, the JSON Schema the low-level style announces, and its TypeScript type. */
export interface Param {
  name: string;
  zod: string;
  json: Record<string, unknown>;
  type: string;
  optional: boolean;
}

export interface Annotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** How a handler reads argument `name` (destructured, `args.name`, `input.name`). */
export type ArgAccess = (name: string) => string;

/** The statement that returns a string from a handler in the rendering style. */
export type Returner = (expr: string) => string;

/** A tool independent of the style it is registered in; the renderer wraps it for each style. */
export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  params: Param[];
  annotations: Annotations;
  /** Imports the body needs, as seen from a module in src/tools/. */
  imports: Imports;
  /** Statements of the handler; every path ends in a `ret(...)` statement. */
  body(arg: ArgAccess, ret: Returner): string[];
}

export function describeParam(p: Param, text: string): Param {
  return { ...p, zod: `${p.zod}.describe(${JSON.stringify(text)})`, json: { ...p.json, description: text } };
}

export function idParam(name: string, what: string): Param {
  return describeParam({ name, zod: "z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)", json: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" }, type: "string", optional: false }, what);
}

export function limitParam(max: number, fallback: number): Param {
  return describeParam(
    { name: "limit", zod: `z.number().int().min(1).max(${num(max)}).default(${num(fallback)})`, json: { type: "integer", minimum: 1, maximum: max, default: fallback }, type: "number", optional: true },
    `How many results to return (at most ${max})`,
  );
}

export function cursorParam(): Param {
  return describeParam({ name: "cursor", zod: "z.string().max(200).optional()", json: { type: "string", maxLength: 200 }, type: "string | undefined", optional: true }, "Cursor from the previous page");
}

export function textParam(name: string, max: number, what: string, min = 1): Param {
  return describeParam({ name, zod: `z.string().min(${min}).max(${num(max)})`, json: { type: "string", minLength: min, maxLength: max }, type: "string", optional: false }, what);
}

export function enumParam(name: string, values: readonly string[], what: string): Param {
  return describeParam({ name, zod: `z.enum([${values.map((v) => JSON.stringify(v)).join(", ")}])`, json: { type: "string", enum: values }, type: values.map((v) => JSON.stringify(v)).join(" | "), optional: false }, what);
}

export function numberParam(name: string, min: number, max: number, what: string): Param {
  return describeParam({ name, zod: `z.number().int().min(${num(min)}).max(${num(max)})`, json: { type: "integer", minimum: min, maximum: max }, type: "number", optional: false }, what);
}

export function flagParam(name: string, what: string): Param {
  return describeParam({ name, zod: "z.boolean().default(false)", json: { type: "boolean", default: false }, type: "boolean", optional: true }, what);
}

export function numberListParam(name: string, what: string): Param {
  return describeParam(
    { name, zod: "z.array(z.number().finite()).min(1).max(1000)", json: { type: "array", items: { type: "number" }, minItems: 1, maxItems: 1000 }, type: "number[]", optional: false },
    what,
  );
}
