import { ts } from "../ts.js";
import { enclosingClass, propertyNameText, skipOuter, skipOuterAndAwait } from "../../engine/ast/function-like.js";
import type { ApiRef, ValueRef } from "../../engine/resolve/value-ref.js";
import type { RuleContext } from "../rule.js";
import { variableUses } from "../variable-uses.js";
import { requestPayloads } from "./http-sinks.js";
import type { SinkArgument } from "./sink.js";

/** What the argument of a database call is: SQL text, a MongoDB filter, an aggregation pipeline, or Cypher. */
export type QueryKind = "sql" | "cypher" | "mongo-filter" | "mongo-pipeline";

export interface QuerySink extends SinkArgument {
  kind: QueryKind;
  /** The database object the call is made on (for read-only connection options). */
  receiver?: ts.Expression;
  /** The library module, for messages. */
  module: string;
  /** A piece of a statement (a WHERE condition, an ORDER BY clause), never a statement of its own. */
  fragment?: boolean;
  /** Recognised by the receiver's name only (`connection.query` in a file that imports mysql2): needs SQL-looking evidence. */
  guessed?: boolean;
  /** Sent under a key search and GraphQL APIs use too (`{ query }`): a guess that needs a statement's text or a SQL-named argument. */
  sharedKey?: boolean;
  /** `module` is a driver the file imports, not the one the call was resolved to: the SQL dialect is a guess. */
  driverFromImports?: boolean;
}

/** SQL-taking methods by module; the statement is the first argument (or its text/sql/query property). */
const SQL_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    "pg": ["query"],
    "pg-pool": ["query"],
    "pg-promise": ["query", "none", "one", "many", "oneOrNone", "manyOrNone", "any", "result", "multi", "multiResult", "each", "map"],
    "@neondatabase/serverless": ["query", "unsafe"],
    "@vercel/postgres": ["query"],
    "@electric-sql/pglite": ["query", "exec"],
    "postgres": ["unsafe"],
    "mysql": ["query"],
    "mysql2": ["query", "execute"],
    "mysql2/promise": ["query", "execute"],
    "@planetscale/database": ["execute"],
    "better-sqlite3": ["prepare", "exec"],
    "sqlite3": ["run", "all", "get", "each", "exec", "prepare", "map"],
    "sqlite": ["run", "all", "get", "each", "exec", "prepare"],
    "sql.js": ["exec", "run", "prepare", "each"],
    "bun:sqlite": ["query", "prepare", "run", "exec"],
    "@libsql/client": ["execute", "executeMultiple"],
    "@libsql/client/web": ["execute", "executeMultiple"],
    "knex": ["raw", "whereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw", "joinRaw", "fromRaw"],
    "@prisma/client": ["$queryRawUnsafe", "$executeRawUnsafe"],
    "sequelize": ["query", "literal"],
    "@sequelize/core": ["query", "literal"],
    "typeorm": ["query"],
    "drizzle-orm": ["raw"],
    "mssql": ["query", "batch"],
    "oracledb": ["execute", "executeMany"],
    "duckdb": ["run", "all", "exec", "each", "prepare"],
    "duckdb-async": ["run", "all", "exec", "each", "prepare"],
    "@duckdb/node-api": ["run", "runAndReadAll", "runAndRead", "stream", "streamAndReadAll", "prepare"],
    "snowflake-sdk": ["execute"],
    "@google-cloud/bigquery": ["query", "createQueryJob"],
    "@clickhouse/client": ["query", "command", "exec"],
    "cassandra-driver": ["execute", "stream", "eachRow"],
  }).map(([k, v]) => [k, new Set(v)]),
);

const CYPHER_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([["neo4j-driver", new Set(["run", "executeQuery"])]]);

/** Method names only these libraries use: recognised even when the receiver cannot be resolved. */
const DISTINCTIVE: ReadonlyMap<string, string> = new Map([
  ["$queryRawUnsafe", "@prisma/client"],
  ["$executeRawUnsafe", "@prisma/client"],
  ["whereRaw", "knex"],
  ["orWhereRaw", "knex"],
  ["havingRaw", "knex"],
  ["orHavingRaw", "knex"],
  ["orderByRaw", "knex"],
  ["groupByRaw", "knex"],
  ["joinRaw", "knex"],
  ["fromRaw", "knex"],
]);

/** Methods that take a clause, not a statement. */
const FRAGMENT_METHODS = new Set(["raw:drizzle-orm", "whereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw", "joinRaw", "fromRaw", "literal"]);

const TYPEORM_CONDITIONS = new Set(["where", "andWhere", "orWhere", "having", "andHaving", "orHaving"]);

const TEXT_KEYS = ["text", "sql", "sqlText", "query"];

/** MongoDB driver / mongoose methods and the index of their filter (or pipeline) argument. */
const MONGO_FILTER: ReadonlyMap<string, number> = new Map(
  Object.entries({
    find: 0, findOne: 0, findOneAndUpdate: 0, findOneAndDelete: 0, findOneAndReplace: 0, findOneAndRemove: 0,
    countDocuments: 0, count: 0, deleteOne: 0, deleteMany: 0, updateOne: 0, updateMany: 0, replaceOne: 0,
    distinct: 1, where: 0, exists: 0, remove: 0,
  }),
);
const MONGO_PIPELINE = new Set(["aggregate", "watch"]);
/** mongosh's service providers take the database and collection names before the filter or pipeline: `provider.find(db, coll, filter)`. */
const MONGOSH_PROVIDERS = new Set(["@mongosh/service-provider-node-driver", "@mongosh/service-provider-core"]);
const MONGO_MODULES = new Set(["mongodb", "mongoose", ...MONGOSH_PROVIDERS]);

/** Statement-looking text: a fallback for calls on database objects the resolver cannot name. */
const SQL_TEXT = /^\s*(\(\s*)?(SELECT\s[\s\S]*\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\S+\s+SET\b|DELETE\s+FROM\b|WITH\s+\w+\s+AS\s*\(|CREATE\s+(TABLE|INDEX|VIEW)\b|DROP\s+(TABLE|INDEX|VIEW)\b|ALTER\s+TABLE\b|PRAGMA\s|SHOW\s+(TABLES|COLUMNS|INDEX)|DESCRIBE\s)/i;
const FALLBACK_METHODS = new Set(["query", "execute", "exec", "run", "all", "get", "prepare", "raw", "unsafe", "queryRaw", "executeQuery", "sql"]);
/** Every method name some driver takes a query with: only such calls are worth following their receiver by hand. */
const QUERY_METHODS: ReadonlySet<string> = new Set([...[...SQL_METHODS.values(), ...CYPHER_METHODS.values()].flatMap((m) => [...m]), ...MONGO_FILTER.keys(), ...MONGO_PIPELINE]);

/** Arguments of database calls that are interpreted as query text or query documents. */
export function querySinks(call: ts.CallExpression, context: RuleContext): QuerySink[] {
  const callee = skipOuter(call.expression);
  const a0 = call.arguments[0];
  if (!a0) return [];
  const member = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const ref = resolveCallee(callee, context) ?? undefined;
  const api = ref?.kind === "api" ? ref : undefined;
  const label = (m: string) => `\`${shortText(callee)}\` (${m})`;

  // neon("...") returns a query function: sql("SELECT ...", params).
  if (ref?.kind === "instance" && ref.of.kind === "api" && ref.of.module === "@neondatabase/serverless" && ref.of.path[ref.of.path.length - 1] === "neon") {
    return sqlArg(a0, call, label("@neondatabase/serverless"), "@neondatabase/serverless", receiver, context, "sql");
  }
  if (api) {
    const path = api.path.filter((p) => p !== "#");
    const last = path[path.length - 1] ?? "";
    const sqlSet = SQL_METHODS.get(api.module);
    if (sqlSet?.has(last) && !afterPrepare(path, api.module) && !inspectedOnly(call)) {
      // Prisma's tagged $queryRaw`...` is a TaggedTemplateExpression and never gets here.
      return sqlArg(a0, call, label(api.module), api.module, receiver, context, "sql");
    }
    if (api.module === "@prisma/client" && (last === "$queryRaw" || last === "$executeRaw") && ts.isCallExpression(skipOuter(a0))) {
      return sqlArg(a0, call, label(api.module), api.module, receiver, context, "sql");
    }
    if (api.module.startsWith("drizzle-orm") && last === "execute" && !ts.isTaggedTemplateExpression(skipOuter(a0)) && !isDrizzleSql(a0, context)) {
      return sqlArg(a0, call, label("drizzle-orm"), "drizzle-orm", receiver, context, "sql");
    }
    // TypeORM's query builder takes SQL condition text: qb.where(`u.name = '${name}'`).
    if (api.module === "typeorm" && path.includes("createQueryBuilder") && TYPEORM_CONDITIONS.has(last) && !ts.isObjectLiteralExpression(skipOuter(a0)) && !ts.isNewExpression(skipOuter(a0)) && !ts.isArrowFunction(skipOuter(a0))) {
      return [{ expr: a0, call, api: label(api.module), kind: "sql", module: api.module, fragment: true, ...(receiver ? { receiver } : {}) }];
    }
    if (CYPHER_METHODS.get(api.module)?.has(last)) return sqlArg(a0, call, label(api.module), api.module, receiver, context, "cypher");
    if (MONGO_MODULES.has(api.module) && path.length > 1) {
      // aggregateDb(db, pipeline) names only the database.
      const names = !MONGOSH_PROVIDERS.has(api.module) ? 0 : last === "aggregateDb" ? 1 : 2;
      const filterIndex = MONGO_FILTER.get(last);
      if (filterIndex !== undefined) {
        const arg = call.arguments[filterIndex + names];
        return arg ? [{ expr: arg, call, api: label(api.module), kind: "mongo-filter", module: api.module, ...(receiver ? { receiver } : {}) }] : [];
      }
      // watch(pipeline, …) takes the pipeline first everywhere.
      const stages = last === "watch" ? a0 : MONGO_PIPELINE.has(last) || last === "aggregateDb" ? call.arguments[names] : undefined;
      if (stages) return [{ expr: stages, call, api: label(api.module), kind: "mongo-pipeline", module: api.module, ...(receiver ? { receiver } : {}) }];
    }
    return sqlOverHttp(call, context, label("SQL over HTTP"), api.module);
  }
  if (!member) return [];
  const distinctive = DISTINCTIVE.get(member);
  if (distinctive && ref?.kind !== "function") return sqlArg(a0, call, label(distinctive), distinctive, receiver, context, "sql");
  if (!FALLBACK_METHODS.has(member) || (ref && ref.kind !== "unknown")) return [];
  // A database object the resolver cannot name (an untyped parameter, a `let` assigned later): when the call
  // visibly carries SQL text, or when it is named like a connection in a file that imports a SQL driver.
  const driver = importedSqlDriver(call.getSourceFile());
  if (looksLikeSql(a0, context)) return sqlArg(a0, call, `\`${shortText(callee)}\``, driver ?? "database driver", receiver, context, "sql").map((s) => ({ ...s, driverFromImports: true }));
  if (driver && receiver && DB_RECEIVER.test(receiverName(receiver))) return sqlArg(a0, call, `\`${shortText(callee)}\``, driver, receiver, context, "sql").map((s) => ({ ...s, guessed: true, driverFromImports: true }));
  return [];
}

/** Payload keys hosted databases take a statement under: Supabase and Neon `query`, D1 `sql`, Databricks and Snowflake `statement`, Turso `stmt`. */
const PAYLOAD_STATEMENT_KEYS = ["sql", "statement", "stmt", "query"];
/** Keys only a GraphQL request has: its `query` is a GraphQL document. */
const GRAPHQL_KEYS = ["variables", "operationName", "extensions"];

/**
 * A statement in the JSON payload of an HTTP request (hosted databases take SQL over HTTP). Text built here must read
 * as a statement; text from elsewhere is a guess the rule confirms.
 */
function sqlOverHttp(call: ts.CallExpression, context: RuleContext, api: string, module: string): QuerySink[] {
  return requestPayloads(call, context).flatMap((payload) =>
    payloadStatements(payload, context, 0).flatMap(([expr, key]): QuerySink[] => {
      const text = statementText(expr, context);
      if (text !== undefined && !startsLikeSql(text)) return [];
      const guess = text === undefined ? { guessed: true, ...(key === "query" ? { sharedKey: true } : {}) } : {};
      return [{ expr, call, api, kind: "sql", module, ...guess }];
    }),
  );
}

/** Statement values with their keys: `{ sql }`, `{ stmt: { sql } }`, and those of the requests in a batch (`requests: [{ stmt }]`). */
function payloadStatements(payload: ts.Expression, context: RuleContext, depth: number): [ts.Expression, string][] {
  const props = context.objectProps(payload);
  if (!props || depth > 2 || GRAPHQL_KEYS.some((k) => props.has(k))) return [];
  const key = PAYLOAD_STATEMENT_KEYS.find((k) => props.has(k));
  const value = key ? props.value(key) : undefined;
  if (key && value) return context.objectProps(value) ? payloadStatements(value, context, depth + 1) : [[value, key]];
  return props.keys().flatMap((k) => {
    const value = props.value(k);
    let list = value && skipOuter(value);
    if (list && ts.isIdentifier(list)) list = skipOuter(context.initializer(list) ?? list);
    return list && ts.isArrayLiteralExpression(list) ? list.elements.flatMap((el) => payloadStatements(el, context, depth + 1)) : [];
  });
}

function sqlArg(a0: ts.Expression, call: ts.CallExpression, api: string, module: string, receiver: ts.Expression | undefined, context: RuleContext, kind: "sql" | "cypher"): QuerySink[] {
  const member = ts.isPropertyAccessExpression(skipOuter(call.expression)) ? (skipOuter(call.expression) as ts.PropertyAccessExpression).name.text : "";
  const base = { call, api, kind, module, ...(receiver ? { receiver } : {}), ...(FRAGMENT_METHODS.has(member) || FRAGMENT_METHODS.has(`${member}:${module}`) ? { fragment: true } : {}) };
  const props = ts.isObjectLiteralExpression(skipOuter(a0)) ? context.objectProps(a0) : undefined;
  if (props) {
    const text = TEXT_KEYS.map((k) => props.value(k)).find(Boolean);
    return text ? [{ ...base, expr: text }] : [];
  }
  if (ts.isArrayLiteralExpression(skipOuter(a0))) return [];
  return [{ ...base, expr: a0 }];
}

/** better-sqlite3's db.prepare(sql).all(params): the statement's methods take values, not SQL. */
function afterPrepare(path: readonly string[], module: string): boolean {
  const i = path.indexOf("prepare");
  if (i >= 0 && i < path.length - 1) return true;
  // db.query(sql).all(params) in bun:sqlite, stmt.run(...) in duckdb.
  if (module === "bun:sqlite" && path.indexOf("query") >= 0 && path.indexOf("query") < path.length - 1) return true;
  // A value typed as a prepared statement (node:sqlite's StatementSync, better-sqlite3's Statement): its methods take bound values.
  return path.slice(0, -1).some((p) => /Statement(Sync)?$/.test(p));
}

/** `db.prepare(sql).readonly`: the statement is compiled to ask what it does, and never run. */
function inspectedOnly(call: ts.CallExpression): boolean {
  const read = call.parent;
  return ts.isPropertyAccessExpression(read) && read.expression === call && /^(readonly|reader|source)$/.test(read.name.text) && !ts.isCallExpression(read.parent);
}

/** drizzle's sql`...` template (or sql.raw) given to execute: the tagged form is handled by the tag, sql.raw is a sink of its own. */
function isDrizzleSql(a0: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(a0);
  if (!ts.isCallExpression(e)) return false;
  const api = context.api(e.expression);
  return !!api && api.module.startsWith("drizzle-orm");
}

/** The callee's value; `this.db.query` where `db` was assigned in the constructor is followed by hand. */
function resolveCallee(callee: ts.Expression, context: RuleContext): ValueRef | undefined {
  const ref = context.resolve(callee);
  if (ref.kind !== "unknown" && !lostPromise(ref)) return ref;
  if (!ts.isPropertyAccessExpression(callee)) return ref;
  const typed = parameterTypeApi(callee.expression, context) ?? (QUERY_METHODS.has(callee.name.text) ? declaredReceiverApi(callee.expression, context) : undefined);
  if (typed) return { kind: "api", module: typed.module, path: [...typed.path, "#", callee.name.text], promisified: false };
  const base = fieldValue(callee.expression, context);
  if (!base) return ref;
  const baseRef = context.resolve(base);
  const of = baseRef.kind === "instance" && baseRef.of.kind === "api" ? baseRef.of : baseRef.kind === "api" ? baseRef : undefined;
  if (!of) return ref;
  const api: ApiRef = { kind: "api", module: of.module, path: [...of.path, "#", callee.name.text], promisified: false };
  return api;
}

/**
 * `collection: Collection<Document> | null`: a parameter whose declared type is a library class, through unions
 * with null or undefined and generic arguments (the resolver only reads a bare type reference).
 */
function parameterTypeApi(expr: ts.Expression, context: RuleContext): ApiRef | undefined {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return undefined;
  for (let n: ts.Node | undefined = e.parent; n; n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    const param = n.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === e.text);
    if (!param) continue;
    return typeApi(param.type, context);
  }
  return undefined;
}

/**
 * A receiver the resolver cannot name, followed through declared types: the declared return type of a project
 * function (`openDb(file): Database.Database`, `getPool(): Promise<Pool>`), the values of a typed Map
 * (`pools.get(env)` from `new Map<string, Pool>()`), and a method called on such a receiver
 * (`await pool.getConnection()`), also through a `let` assigned once.
 */
function declaredReceiverApi(expr: ts.Expression, context: RuleContext, depth = 0): ApiRef | undefined {
  if (depth > 3) return undefined;
  const e = skipOuterAndAwait(expr);
  if (depth > 0) {
    const ref = context.resolve(e);
    const api = ref.kind === "api" ? ref : ref.kind === "instance" && ref.of.kind === "api" ? ref.of : undefined;
    if (api && !lostPromise(api)) return api;
  }
  const value = ts.isIdentifier(e) ? soleValue(e, context) : e;
  const call = value && skipOuterAndAwait(value);
  if (!call || !ts.isCallExpression(call)) return depth > 0 && ts.isIdentifier(e) ? parameterTypeApi(e, context) : undefined;
  for (const fn of context.calleeFunctions(call)) {
    const api = typeApi(fn.type, context, true);
    if (api) return api;
  }
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const values = callee.name.text === "get" ? mapValueApi(callee.expression, context) : undefined;
  if (values) return values;
  const base = declaredReceiverApi(callee.expression, context, depth + 1);
  return base && { ...base, path: [...base.path, "#", callee.name.text] };
}

/** `Promise.resolve(pool).getConnection`: the resolver named the promise a cached getter returns, not the value it holds. */
function lostPromise(ref: ValueRef): boolean {
  return ref.kind === "api" && ref.module === "global" && ref.path[0] === "Promise";
}

/** A variable's value: a const's initializer, or the one value a `let` ever gets (`let conn; … conn = await pool.getConnection()`). */
function soleValue(id: ts.Identifier, context: RuleContext): ts.Expression | undefined {
  const init = context.initializer(id);
  if (init) return init;
  const decl = context.declaration(id);
  if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
  const known = soleValueMemo.get(decl);
  if (known !== undefined) return known ?? undefined;
  const assigned = variableUses(decl, context).flatMap((use) => (ts.isBinaryExpression(use.parent) && use.parent.left === use && use.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? [use.parent.right] : []));
  const values = decl.initializer ? [decl.initializer, ...assigned] : assigned;
  const value = values.length === 1 ? values[0] : undefined;
  soleValueMemo.set(decl, value ?? null);
  return value;
}

const soleValueMemo = new WeakMap<ts.VariableDeclaration, ts.Expression | null>();

/** `new Map<string, Pool>()` or a `Map<string, Pool>` declaration: the library class of its values. */
function mapValueApi(map: ts.Expression, context: RuleContext): ApiRef | undefined {
  const e = skipOuter(map);
  const decl = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
  const init = decl.initializer && skipOuter(decl.initializer);
  const typeArgs = init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "Map" ? init.typeArguments : decl.type && ts.isTypeReferenceNode(decl.type) && decl.type.typeName.getText() === "Map" ? decl.type.typeArguments : undefined;
  return typeApi(typeArgs?.[1], context);
}

/** The library class a declared type names, through unions with null or undefined and (for return types) Promise<…>. */
function typeApi(declared: ts.TypeNode | undefined, context: RuleContext, unwrapPromise = false): ApiRef | undefined {
  let type = declared;
  if (type && ts.isUnionTypeNode(type)) type = type.types.find((t) => ts.isTypeReferenceNode(t));
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  if (unwrapPromise && ts.isIdentifier(typeName) && typeName.text === "Promise") return typeApi(type.typeArguments?.[0], context);
  const ref = context.resolve(ts.isQualifiedName(typeName) ? typeName.right : typeName);
  if (ref.kind === "api") return ref;
  // `Database.Database`, `mysql.PoolConnection`: a member of the module's default or namespace import.
  if (!ts.isQualifiedName(typeName) || !ts.isIdentifier(typeName.left)) return undefined;
  const base = context.resolve(typeName.left);
  return base.kind === "api" ? { ...base, path: [...base.path, typeName.right.text] } : undefined;
}

/** `this.db` declared with a type the scan cannot see (no node_modules): the value assigned to it anywhere in the class. */
function fieldValue(expr: ts.Expression, context: RuleContext): ts.Expression | undefined {
  const e = skipOuter(expr);
  if (!ts.isPropertyAccessExpression(e) || e.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const cls = enclosingClass(e);
  if (!cls) return undefined;
  const name = e.name.text;
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === name) {
      const r = context.resolve(n.right);
      if (r.kind === "instance" || r.kind === "api") found = n.right;
    }
    if (ts.isPropertyDeclaration(n) && n.initializer && n.name && propertyNameText(n.name) === name) {
      const r = context.resolve(n.initializer);
      if (r.kind === "instance" || r.kind === "api") found = n.initializer;
    }
    ts.forEachChild(n, visit);
  };
  visit(cls);
  return found;
}

const DB_RECEIVER = /^(db|database|conn|connection|pool|client|pgClient|pgPool|sqlite|knex|sequelize|tx|trx|transaction|sql)$|(Db|Database|Conn|Connection|Pool|Client|Sqlite)$/;

function receiverName(receiver: ts.Expression): string {
  const e = skipOuter(receiver);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return "";
}

const driverMemo = new WeakMap<ts.SourceFile, string | null>();

/** A SQL driver the file imports (or requires), if any. */
function importedSqlDriver(sf: ts.SourceFile): string | undefined {
  const cached = driverMemo.get(sf);
  if (cached !== undefined) return cached ?? undefined;
  let found: string | null = null;
  for (const st of sf.statements) {
    const spec = ts.isImportDeclaration(st) && ts.isStringLiteralLike(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
    const name = spec?.replace(/^node:/, "");
    if (name && (SQL_METHODS.has(name) || name === "pg" || name.startsWith("mysql2"))) {
      found = name;
      break;
    }
  }
  if (!found) {
    const m = /require\(\s*["'](pg|mysql2?(?:\/promise)?|better-sqlite3|sqlite3?|mssql|oracledb|@libsql\/client|duckdb)["']\s*\)/.exec(sf.text);
    if (m?.[1]) found = m[1];
  }
  driverMemo.set(sf, found);
  return found ?? undefined;
}

/** The first fixed text of a template or concatenation reads like a SQL statement. */
export function looksLikeSql(expr: ts.Expression, context: RuleContext): boolean {
  const text = statementText(expr, context);
  return text !== undefined && startsLikeSql(text);
}

/** Fixed text that reads as the start of a SQL statement. */
export function startsLikeSql(text: string): boolean {
  return SQL_TEXT.test(text);
}

/** The text of a string built here (values spliced in read as ` x `); undefined when it comes from elsewhere. */
function statementText(expr: ts.Expression, context: RuleContext): string | undefined {
  let e = skipOuter(expr);
  // A `let sql = "SELECT ..."` extended later starts as its initializer.
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? letInitializer(e, context) ?? e);
  let text: string | undefined;
  if (ts.isStringLiteralLike(e)) text = e.text;
  else if (ts.isTemplateExpression(e)) text = e.head.text + e.templateSpans.map((s) => ` x ${s.literal.text}`).join("");
  else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    let left: ts.Expression = e;
    const pieces: string[] = [];
    while (ts.isBinaryExpression(left) && left.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      pieces.unshift(context.constantText(left.right) ?? " x ");
      left = skipOuter(left.left);
    }
    pieces.unshift(context.constantText(left) ?? " x ");
    text = pieces.join("");
  }
  return text;
}

function letInitializer(id: ts.Identifier, context: RuleContext): ts.Expression | undefined {
  const decl = context.declaration(id);
  return decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
}

/**
 * Where the database object a call is made on was created: `new Database(file, { readonly: true })`,
 * `pool.connect()` and the pool behind it. Read-only options live there.
 */
export function databaseConstructions(receiver: ts.Expression | undefined, context: RuleContext, depth = 0): ts.Node[] {
  if (!receiver || depth > 4) return [];
  const e = skipOuter(receiver);
  const ref = context.resolve(e);
  if (ref.kind === "unknown") {
    const assigned = fieldValue(e, context);
    return assigned ? databaseConstructions(assigned, context, depth + 1) : [];
  }
  if (ref.kind !== "instance" || !(ts.isNewExpression(ref.node) || ts.isCallExpression(ref.node))) return [];
  const node = ref.node;
  const out: ts.Node[] = [node];
  const callee = skipOuter(node.expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee)) out.push(...databaseConstructions(callee.expression, context, depth + 1));
  return out;
}

/** `pool.query`, `this.db.prepare`, `whereRaw(…).orderByRaw`: the callee as a reader would name it. */
function shortText(node: ts.Expression): string {
  const e = skipOuter(node);
  const t = e.getText().replace(/\s+/g, "");
  if (t.length <= 32 || !ts.isPropertyAccessExpression(e)) return t.length <= 48 ? t : `…${t.slice(-46)}`;
  const receiver = skipOuter(e.expression);
  const head = ts.isCallExpression(receiver) ? `${calleeText(receiver)}(…)` : "…";
  return `${head}.${e.name.text}`;
}

function calleeText(call: ts.CallExpression): string {
  const c = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(c) ? c.name.text : c.getText().slice(0, 24);
}
