import { ts } from "../../rule-api/ts.js";
import { declarationOf } from "../ast/declaration-of.js";
import { propertyNameText, skipOuter } from "../ast/function-like.js";
import type { ValueResolver } from "../resolve/value-resolver.js";
import type { SchemaField, SchemaSummary } from "../../rule-api/types.js";

/** The shape of a validated value, read statically from a zod or JSON Schema expression. */
export type SchemaNode =
  | {
      kind: "object";
      fields: Map<string, SchemaNode>;
      open: boolean;
      /** Every field is known and parsing drops other keys (a zod or valibot object written out, not passthrough). */
      exact?: boolean;
      optional?: boolean;
      description?: string;
      dialect?: "zod" | "json-schema";
    }
  | { kind: "string"; constraints: string[]; optional?: boolean; description?: string; refinements?: ts.Expression[] }
  | { kind: "number" | "boolean" | "enum" | "literal" | "any" | "unknown"; optional?: boolean; description?: string; constraints?: string[] }
  | { kind: "array"; items: SchemaNode; optional?: boolean; description?: string; constraints?: string[] }
  | { kind: "union"; options: SchemaNode[]; optional?: boolean; description?: string };

const UNKNOWN_SCHEMA: SchemaNode = { kind: "unknown" };
const TRANSPARENT = new Set(["optional", "nullable", "nullish", "default", "catch", "readonly", "brand", "describe", "meta", "trim", "toLowerCase", "toUpperCase", "int", "positive", "negative", "nonnegative", "nonpositive", "finite", "safe", "nonempty", "strip", "strict", "prefault"]);
const STRING_CONSTRAINTS = new Set(["regex", "url", "email", "uuid", "uuidv4", "cuid", "cuid2", "ulid", "datetime", "date", "time", "ip", "ipv4", "ipv6", "cidr", "max", "min", "length", "startsWith", "endsWith", "includes", "emoji", "nanoid", "base64", "jwt", "refine", "superRefine", "hostname", "e164", "lowercase", "uppercase"]);
/** String formats that admit no shell metacharacters, path separators or URLs. */
const SAFE_FORMATS = new Set(["uuid", "uuidv4", "cuid", "cuid2", "ulid", "datetime", "date", "time", "ip", "ipv4", "ipv6", "cidr", "email", "nanoid", "e164", "base64"]);

export function parseSchema(expr: ts.Expression | undefined, resolver: ValueResolver, depth = 0): SchemaNode {
  if (!expr || depth > 12) return UNKNOWN_SCHEMA;
  const e = skipOuter(expr);
  if (ts.isObjectLiteralExpression(e)) return looksLikeJsonSchema(e) ? parseJsonSchema(e, resolver, depth) : parseRawShape(e, resolver, depth);
  // Schema.shape: the fields of a named z.object, handed over as a raw shape.
  if (ts.isPropertyAccessExpression(e) && e.name.text === "shape") {
    const owner = parseSchema(e.expression, resolver, depth + 1);
    if (owner.kind === "object") return { kind: "object", fields: owner.fields, open: owner.open, exact: !!owner.exact };
  }
  // tool.inputSchema?.shape ?? {}: the fallback stands in only for a missing schema, so the declared one parses the arguments.
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const declared = parseSchema(e.left, resolver, depth + 1);
    if (declared.kind !== "unknown") return declared;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const ref = resolver.resolve(e);
    if (ref.kind === "object") return parseSchema(ref.node, resolver, depth + 1);
    const decl = declarationInitializer(e, resolver);
    return decl ? parseSchema(decl, resolver, depth + 1) : UNKNOWN_SCHEMA;
  }
  if (ts.isCallExpression(e)) return parseZodCall(e, resolver, depth);
  return UNKNOWN_SCHEMA;
}

function declarationInitializer(e: ts.Identifier | ts.PropertyAccessExpression, resolver: ValueResolver): ts.Expression | undefined {
  const sym = resolver.checker.getSymbolAtLocation(ts.isIdentifier(e) ? e : e.name);
  let target = sym;
  if (target && target.flags & ts.SymbolFlags.Alias) target = resolver.checker.getAliasedSymbol(target);
  // { name, inputSchema, execute }: a shorthand property holds the variable of the same name.
  const shorthand = target?.valueDeclaration;
  if (shorthand && ts.isShorthandPropertyAssignment(shorthand)) {
    target = resolver.checker.getShorthandAssignmentValueSymbol(shorthand);
    if (target && target.flags & ts.SymbolFlags.Alias) target = resolver.checker.getAliasedSymbol(target);
  }
  const decl = target?.valueDeclaration;
  if (decl && (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) return decl.initializer;
  return undefined;
}

function parseRawShape(obj: ts.ObjectLiteralExpression, resolver: ValueResolver, depth: number): SchemaNode {
  const fields = new Map<string, SchemaNode>();
  let open = false;
  let exact = true;
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p)) {
      const name = propertyNameText(p.name);
      if (name !== undefined) fields.set(name, parseSchema(p.initializer, resolver, depth + 1));
      else exact = false;
    } else if (ts.isShorthandPropertyAssignment(p)) {
      fields.set(p.name.text, parseSchema(p.name, resolver, depth + 1));
    } else if (ts.isSpreadAssignment(p)) {
      const spread = parseSchema(p.expression, resolver, depth + 1);
      if (spread.kind === "object") for (const [k, v] of spread.fields) fields.set(k, v);
      else open = true;
      exact &&= spread.kind === "object" && !!spread.exact;
    } else exact = false;
  }
  return { kind: "object", fields, open, exact: exact && !open };
}

function parseZodCall(call: ts.CallExpression, resolver: ValueResolver, depth: number): SchemaNode {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee) && (callee.text === "zodToJsonSchema" || callee.text === "toJSONSchema" || callee.text === "toJsonSchema")) {
    return parseSchema(call.arguments[0], resolver, depth + 1);
  }
  if (!ts.isPropertyAccessExpression(callee)) return UNKNOWN_SCHEMA;
  const method = callee.name.text;
  const receiver = skipOuter(callee.expression);
  const isZodNamespace = (ts.isIdentifier(receiver) && !projectValue(receiver, resolver)) || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === "coerce");
  if (isZodNamespace && !ts.isCallExpression(receiver)) {
    const base = zodBase(method, call, resolver, depth);
    if (base) return base;
  }
  if (method === "toJSONSchema" && call.arguments[0]) return parseSchema(call.arguments[0], resolver, depth + 1);
  const inner = parseSchema(receiver, resolver, depth + 1);
  if (method === "describe") {
    const d = call.arguments[0];
    return { ...inner, description: d && ts.isStringLiteralLike(d) ? d.text : inner.description } as SchemaNode;
  }
  if (method === "optional" || method === "nullish" || method === "default") return { ...inner, optional: true } as SchemaNode;
  if (TRANSPARENT.has(method)) return inner;
  if (method === "passthrough" || method === "catchall" || method === "loose" || method === "looseObject") return inner.kind === "object" ? { ...inner, open: true, exact: false } : inner;
  if (method === "extend" || method === "merge" || method === "safeExtend") {
    const extra = parseSchema(call.arguments[0], resolver, depth + 1);
    if (inner.kind === "object" && extra.kind === "object") return { ...inner, fields: new Map([...inner.fields, ...extra.fields]), open: inner.open || extra.open, exact: !!inner.exact && !!extra.exact };
    return inner.kind === "object" ? { ...inner, exact: false } : inner;
  }
  if (method === "pick" || method === "omit" || method === "partial" || method === "required") return inner;
  if (method === "array") return { kind: "array", items: inner };
  if (method === "or") return { kind: "union", options: [inner, parseSchema(call.arguments[0], resolver, depth + 1)] };
  // z.string().transform(Number).pipe(z.number()): what comes out has passed the schema it is piped into.
  if (method === "pipe" && call.arguments[0]) return parseSchema(call.arguments[0], resolver, depth + 1);
  if (method === "transform") return spreadTransform(call.arguments[0], inner) ?? UNKNOWN_SCHEMA;
  if (method === "pipe" || method === "preprocess") return { kind: "unknown" };
  // A number's upper bound: .max(n), .lte(n), .lt(n).
  if ((method === "lte" || method === "lt") && inner.kind === "number") return { ...inner, constraints: [...(inner.constraints ?? []), "max"] };
  if (STRING_CONSTRAINTS.has(method)) {
    const c = method === "regex" ? regexConstraint(call.arguments[0], resolver) : method;
    // .refine(isInsideRoot): the predicate each value passed, read where the value is.
    const refinement = method === "refine" ? call.arguments[0] : undefined;
    if (inner.kind === "string") return { ...inner, constraints: [...inner.constraints, c], ...(refinement ? { refinements: [...(inner.refinements ?? []), refinement] } : {}) };
    return { ...inner, constraints: [...(("constraints" in inner && inner.constraints) || []), c] } as SchemaNode;
  }
  // .and(), .catchall() and methods not read here may add keys: the fields are no longer all known.
  return inner.kind === "object" && inner.exact ? { ...inner, exact: false } : inner;
}

/**
 * `.transform((data) => ({ ...data, deletionDate: data.deletionDate || later }))`: the parsed fields, as parsed, but
 * those the transform writes, which hold whatever it computed.
 */
function spreadTransform(fn: ts.Expression | undefined, inner: SchemaNode): SchemaNode | undefined {
  const f = fn && skipOuter(fn);
  if (inner.kind !== "object" || !f || !(ts.isArrowFunction(f) || ts.isFunctionExpression(f))) return undefined;
  const param = f.parameters[0]?.name;
  const body = ts.isBlock(f.body) ? (f.body.statements.length === 1 && ts.isReturnStatement(f.body.statements[0] as ts.Statement) ? (f.body.statements[0] as ts.ReturnStatement).expression : undefined) : f.body;
  const obj = body && skipOuter(body);
  if (!param || !ts.isIdentifier(param) || !obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const [first, ...rest] = obj.properties;
  if (!first || !ts.isSpreadAssignment(first) || !ts.isIdentifier(skipOuter(first.expression)) || (skipOuter(first.expression) as ts.Identifier).text !== param.text) return undefined;
  const fields = new Map(inner.fields);
  for (const p of rest) {
    const name = p.name && propertyNameText(p.name);
    if (ts.isSpreadAssignment(p) || name === undefined) return undefined;
    fields.set(name, { kind: "any" });
  }
  return { ...inner, fields, exact: false };
}

/** The raw shape a `z.object()` is given: written there, or a constant it names (`z.object(queryShape)`). */
function shapeLiteral(arg: ts.Expression, resolver: ValueResolver): ts.ObjectLiteralExpression | undefined {
  const e = skipOuter(arg);
  if (ts.isObjectLiteralExpression(e)) return e;
  const ref = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? resolver.resolve(e) : undefined;
  return ref?.kind === "object" ? ref.node : undefined;
}

/** `sortSchema` in `sortSchema.optional()`: a schema the project declared, not the library's namespace (`z.optional(x)`). */
function projectValue(id: ts.Identifier, resolver: ValueResolver): boolean {
  const decl = declarationOf(id, resolver.checker);
  return !!decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) && !decl.getSourceFile().isDeclarationFile;
}

function zodBase(method: string, call: ts.CallExpression, resolver: ValueResolver, depth: number): SchemaNode | undefined {
  const arg0 = call.arguments[0];
  switch (method) {
    case "string":
      return { kind: "string", constraints: [] };
    case "number":
    case "bigint":
    case "int":
    case "float":
    case "date":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    case "enum":
    case "nativeEnum":
    case "picklist":
      return { kind: "enum" };
    case "literal":
      return { kind: "literal" };
    case "any":
    case "unknown":
      return { kind: "any" };
    case "record":
    case "map":
      return { kind: "object", fields: new Map(), open: true };
    case "object":
    case "strictObject": {
      if (!arg0) return { kind: "object", fields: new Map(), open: false, exact: true };
      const literal = shapeLiteral(arg0, resolver);
      if (literal) return parseRawShape(literal, resolver, depth + 1);
      return { kind: "object", fields: new Map(), open: false };
    }
    case "looseObject":
    case "passthrough": {
      const literal = arg0 && shapeLiteral(arg0, resolver);
      const shape = literal ? parseRawShape(literal, resolver, depth + 1) : undefined;
      return shape && shape.kind === "object" ? { ...shape, open: true, exact: false } : { kind: "object", fields: new Map(), open: true };
    }
    case "array":
    case "set":
      return { kind: "array", items: parseSchema(arg0, resolver, depth + 1) };
    case "union":
    case "discriminatedUnion": {
      const list = method === "union" ? arg0 : call.arguments[1];
      const options = list && ts.isArrayLiteralExpression(skipOuter(list)) ? (skipOuter(list) as ts.ArrayLiteralExpression).elements.map((x) => parseSchema(x, resolver, depth + 1)) : [];
      return { kind: "union", options };
    }
    case "optional":
    case "nullable":
    case "nullish":
      return { ...parseSchema(arg0, resolver, depth + 1), optional: true } as SchemaNode;
    case "pipe":
      return pipedSchema(call, resolver, depth);
    case "lazy":
      return UNKNOWN_SCHEMA;
    default:
      return undefined;
  }
}

/** Valibot's actions named as the zod checks they match (`v.maxLength(64)` is `.max(64)`). */
const VALIBOT_ACTIONS: Record<string, string> = { maxLength: "max", minLength: "min", maxValue: "max", minValue: "min", nonEmpty: "nonempty", ulid: "ulid", cuid2: "cuid2", isoDate: "date", isoDateTime: "datetime", isoTime: "time" };

/** valibot's `v.pipe(v.string(), v.regex(/^\w+$/), v.maxLength(64))`: the first schema, narrowed by the actions after it. */
function pipedSchema(call: ts.CallExpression, resolver: ValueResolver, depth: number): SchemaNode {
  const [first, ...actions] = call.arguments;
  let node = parseSchema(first, resolver, depth + 1);
  for (const action of actions) {
    const a = skipOuter(action);
    if (!ts.isCallExpression(a)) continue;
    const callee = skipOuter(a.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (!name) continue;
    if (name === "transform" || name === "rawTransform") return UNKNOWN_SCHEMA;
    const c = name === "regex" ? regexConstraint(a.arguments[0], resolver) : VALIBOT_ACTIONS[name] ?? (STRING_CONSTRAINTS.has(name) ? name : undefined);
    if (!c) continue;
    if (node.kind === "string") node = { ...node, constraints: [...node.constraints, c] };
    else if (node.kind === "number" && c === "max") node = { ...node, constraints: [...(node.constraints ?? []), c] };
  }
  return node;
}

function regexConstraint(arg: ts.Expression | undefined, resolver: ValueResolver): string {
  if (!arg) return "regex-unanchored";
  let e = skipOuter(arg);
  // `.regex(REMOTE_NAME_RE)`: the pattern a constant holds, here or in the module it is imported from.
  const decl = ts.isIdentifier(e) ? declarationOf(e, resolver.checker) : undefined;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) e = skipOuter(decl.initializer);
  let source: string | undefined;
  if (ts.isRegularExpressionLiteral(e)) source = e.text.slice(1, e.text.lastIndexOf("/"));
  else if (ts.isNewExpression(e) && e.arguments?.[0] && ts.isStringLiteralLike(e.arguments[0])) source = e.arguments[0].text;
  return source !== undefined && isAnchoredAllowlist(source) ? "regex" : "regex-unanchored";
}

/** An anchored pattern (^…$) that admits no shell metacharacters outside character classes we can read. */
export function isAnchoredAllowlist(source: string): boolean {
  // `^(?!-)[^\s]{1,2048}$`: a class of everything but a few characters, "/" among the allowed, is a blocklist.
  if ([...source.replace(/\\\\/g, "").matchAll(/(?<!\\)\[\^((?:\\.|[^\]])*)\]/g)].some((m) => !m[1]?.includes("/"))) return false;
  const outsideClasses = source.replace(/\\./g, "").replace(/\[[^\]]*\]/g, "");
  // `^v?\d+(?:-.*)?$`: a `.*` or `.+` inside lets any text through the anchors.
  return source.startsWith("^") && /(^|[^\\])\$$/.test(source) && !outsideClasses.includes("|") && !/\.[*+{]/.test(outsideClasses);
}

function looksLikeJsonSchema(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => ts.isPropertyAssignment(p) && ["type", "properties", "$schema", "enum", "anyOf", "oneOf"].includes(propertyNameText(p.name) ?? "") && !isZodExpression(p.initializer));
}

function isZodExpression(e: ts.Expression): boolean {
  let x = skipOuter(e);
  // Walk the whole chain: z.enum([...]).optional().describe("...") alternates calls and accesses.
  while (ts.isCallExpression(x) || ts.isPropertyAccessExpression(x)) x = skipOuter(x.expression);
  return ts.isIdentifier(x) && (x.text === "z" || x.text === "zod");
}

function jsonProp(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
  }
  return undefined;
}

function parseJsonSchema(obj: ts.ObjectLiteralExpression, resolver: ValueResolver, depth: number): SchemaNode {
  const typeExpr = jsonProp(obj, "type");
  const type = typeExpr && ts.isStringLiteralLike(skipOuter(typeExpr)) ? (skipOuter(typeExpr) as ts.StringLiteralLike).text : undefined;
  const desc = jsonProp(obj, "description");
  const description = desc && ts.isStringLiteralLike(skipOuter(desc)) ? (skipOuter(desc) as ts.StringLiteralLike).text : undefined;
  const base = { ...(description !== undefined ? { description } : {}) };
  if (jsonProp(obj, "enum") || jsonProp(obj, "const")) return { kind: "enum", ...base };
  if (type === "number" || type === "integer") return { kind: "number", ...(jsonProp(obj, "maximum") || jsonProp(obj, "exclusiveMaximum") ? { constraints: ["max"] } : {}), ...base };
  if (type === "boolean") return { kind: "boolean", ...base };
  if (type === "array") {
    const items = jsonProp(obj, "items");
    return { kind: "array", items: items ? parseSchema(items, resolver, depth + 1) : { kind: "any" }, ...base };
  }
  if (type === "string") {
    const constraints: string[] = [];
    const pattern = jsonProp(obj, "pattern");
    if (pattern) constraints.push(ts.isStringLiteralLike(skipOuter(pattern)) && isAnchoredAllowlist((skipOuter(pattern) as ts.StringLiteralLike).text) ? "regex" : "regex-unanchored");
    const format = jsonProp(obj, "format");
    if (format && ts.isStringLiteralLike(skipOuter(format))) constraints.push(jsonFormat((skipOuter(format) as ts.StringLiteralLike).text));
    if (jsonProp(obj, "maxLength")) constraints.push("max");
    return { kind: "string", constraints, ...base };
  }
  const props = jsonProp(obj, "properties");
  const additional = jsonProp(obj, "additionalProperties");
  const open = additional ? additional.kind !== ts.SyntaxKind.FalseKeyword : !props;
  if (type === "object" || props) {
    const fields = new Map<string, SchemaNode>();
    const required = new Set<string>();
    const req = jsonProp(obj, "required");
    if (req && ts.isArrayLiteralExpression(skipOuter(req))) for (const el of (skipOuter(req) as ts.ArrayLiteralExpression).elements) if (ts.isStringLiteralLike(el)) required.add(el.text);
    const propsObj = props && skipOuter(props);
    if (propsObj && ts.isObjectLiteralExpression(propsObj)) {
      for (const p of propsObj.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const name = propertyNameText(p.name);
        if (name === undefined) continue;
        const field = parseSchema(p.initializer, resolver, depth + 1);
        fields.set(name, required.has(name) ? field : ({ ...field, optional: true } as SchemaNode));
      }
    } else if (props) {
      const resolved = parseSchema(props, resolver, depth + 1);
      if (resolved.kind === "object") for (const [k, v] of resolved.fields) fields.set(k, v);
    }
    return { kind: "object", fields, open, dialect: "json-schema", ...base };
  }
  if (!type && !props) return { kind: "any", ...base };
  return { kind: "unknown", ...base };
}

function jsonFormat(format: string): string {
  if (format === "uri" || format === "url" || format === "uri-reference") return "url";
  if (format === "date-time") return "datetime";
  if (format === "ipv4" || format === "ipv6") return "ip";
  return format;
}

/** Does a validated value of this shape leave an attacker no room for injection (numbers, enums, strict formats)? */
export function isNarrowSchema(node: SchemaNode): boolean {
  switch (node.kind) {
    case "number":
    case "boolean":
    case "enum":
    case "literal":
      return true;
    case "string":
      return node.constraints.some((c) => c === "regex" || SAFE_FORMATS.has(c));
    case "array":
      return isNarrowSchema(node.items);
    case "union":
      return node.options.length > 0 && node.options.every(isNarrowSchema);
    default:
      return false;
  }
}

/** The schema of the value at a property path (`*` for array items). */
export function schemaAt(node: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let cur: SchemaNode | undefined = node;
  for (const key of path) {
    if (!cur) return undefined;
    if (cur.kind === "object") cur = cur.fields.get(key);
    else if (cur.kind === "array") cur = key === "*" || /^\d+$/.test(key) ? cur.items : undefined;
    else if (cur.kind === "union") cur = unionMember(cur.options, key);
    else return undefined;
  }
  return cur;
}

/** Options whose values carry no fields a client chose: a member read from one is undefined or the value's own (`length`). */
const SCALAR_OPTIONS = new Set<SchemaNode["kind"]>(["string", "number", "boolean", "enum", "literal"]);

/** A member of a union of objects (`z.discriminatedUnion`, `z.union([z.boolean(), z.object(…)])`): what any option that has it allows, if every other option drops it. */
function unionMember(options: readonly SchemaNode[], key: string): SchemaNode | undefined {
  const found: SchemaNode[] = [];
  for (const option of options) {
    const sub = schemaAt(option, [key]);
    if (sub) found.push(sub);
    else if (!SCALAR_OPTIONS.has(option.kind) && (option.kind !== "object" || !option.exact || option.open)) return undefined;
  }
  return found.length ? { kind: "union", options: found } : undefined;
}

export function summarizeSchema(node: SchemaNode | undefined): SchemaSummary {
  if (!node) return { kind: "none", strictness: "none", fields: [] };
  if (node.kind === "unknown") return { kind: "unknown", strictness: "unknown", fields: [] };
  const kind = node.kind === "object" && node.dialect === "json-schema" ? ("json-schema" as const) : ("zod" as const);
  if (node.kind !== "object") return { kind, strictness: node.kind === "any" ? "permissive" : "loose", fields: [] };
  const fields: SchemaField[] = [...node.fields].map(([name, f]) => ({
    name,
    type: f.kind,
    optional: !!f.optional,
    constraints: "constraints" in f && f.constraints ? [...f.constraints] : [],
    ...(f.description !== undefined ? { description: f.description } : {}),
  }));
  const values = [...node.fields.values()];
  const permissive = node.open || values.some((f) => f.kind === "any" || (f.kind === "object" && f.open));
  const strictness = permissive ? "permissive" : values.some((f) => f.kind === "unknown") ? "unknown" : values.every((f) => isNarrowSchema(f) || f.kind === "object") ? "constrained" : "loose";
  return { kind, strictness, fields };
}
