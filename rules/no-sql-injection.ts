import { ATTACKER_KINDS, calleeName, createRule, hasMark, isFunctionLike, isTextTag, propertyNameText, returnedExpressions, skipOuter, skipOuterAndAwait, stringParts, ts, type FunctionLike, type RuleContext, type StringPart, type SourceKind, type TaintHit } from "../src/rule-api/index.js";
import { attacker, describeSource, signedInGrade, toolOf } from "../src/rule-api/describe-source.js";
import { endsInExit } from "../src/rule-api/branches.js";
import { schemaAt, type SchemaNode } from "../src/rule-api/schema.js";
import { databaseConstructions, querySinks, startsLikeSql, type QuerySink } from "../src/rule-api/sinks/sql-sinks.js";
import { carriesValue, fromRequestData, guardedOnEveryRoute, nodesIn, plausibleFlow } from "../src/rule-api/taint-regions.js";

/** MCP inputs and HTTP request data, plus upstream responses (second-order injection, TOOL-5). */
const KINDS: readonly SourceKind[] = [...ATTACKER_KINDS, "third-party-content"];

/** Text before a value that still leaves it the whole statement: EXPLAIN, or a subquery wrapper around it. */
const STATEMENT_WRAPPER = /^\s*(EXPLAIN(\s+(ANALYZE|VERBOSE|QUERY\s+PLAN|FORMAT\s+\w+|\([^)]*\)))*|SELECT\s+(TOP\s+\d+\s+)?(\*|COUNT\(\*\))\s+FROM\s*\(|WITH\s+\w+\s+AS\s*\()\s*$/i;
const READ_ONLY_SQL = /\bREAD\s+ONLY\b|default_transaction_read_only|transaction_read_only|\bquery_only\b|\bmode=ro\b|\bSET\s+SESSION\s+CHARACTERISTICS\b/i;
const READ_ONLY_OPTION = /\b(readonly|readOnly|read_only)\s*:\s*true\b|OPEN_READONLY|\bquery_only\b|default_transaction_read_only|\bmode=ro\b|\bREAD\s+ONLY\b/;
/** Drivers whose query(text) without values runs the whole text, statement after statement. */
const SIMPLE_PROTOCOL = new Set(["pg", "pg-pool", "pg-promise", "@vercel/postgres"]);
const MULTI_STATEMENT_DRIVERS = new Set(["mysql", "mysql2", "mysql2/promise"]);
/** MySQL drivers: a SELECT there can write a file on the database host (INTO OUTFILE / INTO DUMPFILE). */
const MYSQL_DRIVERS = new Set(["mysql", "mysql2", "mysql2/promise", "mariadb"]);
/** A check that names a writing statement kind scopes a write tool, not a read-only one. */
const WRITE_KIND = /\b(insert|update|delete|replace|create|alter|drop|truncate)\b/i;
/** Text a check looks for to turn file output away: the OUTFILE or DUMPFILE keyword, or INTO on its own. */
const FILE_OUTPUT = /\b(OUTFILE|DUMPFILE)\b|^\W*INTO\W*$/i;
/** SQL Server and PostgreSQL: a SELECT there can create and fill a table (SELECT … INTO new_table). */
const TABLE_COPY_DRIVERS = new Set(["mssql", "pg", "pg-pool", "pg-promise", "postgres", "@neondatabase/serverless", "@vercel/postgres", "@electric-sql/pglite"]);
/** Drivers of databases that take a WITH clause in front of INSERT, UPDATE or DELETE: PostgreSQL, MySQL 8, SQLite, SQL Server. */
const CTE_WRITE_DRIVERS = new Set([...TABLE_COPY_DRIVERS, ...MYSQL_DRIVERS, "@planetscale/database", "better-sqlite3", "sqlite3", "sqlite", "sql.js", "bun:sqlite", "node:sqlite", "@libsql/client", "@libsql/client/web"]);
/** A check's word for WITH as a statement's first keyword: "WITH" in a list, startsWith("with"), /^\s*(select|with)\b/. */
const WITH_WORD = /^\W*with\W*$/i;
const LEADING_WITH = /^\^(\\s[*+]\??|\s)*\(?(\?:)?(\s*\w+\|)*\s*with\b/i;
/** A check's word for a writing statement: "DELETE", "INSERT INTO", /\b(insert|update|delete)\b/. */
const WRITE_WORD = /^\W*(insert|update|delete|merge|upsert)(\s+(into|from))?\W*$/i;
const WRITE_IN_PATTERN = /(^|[^a-z])(insert|update|delete)([^a-z]|$)/i;
/** What a check looks for to turn SELECT … INTO away: INTO on its own, in a listed word or a pattern (`/SELECT\s+.*\s+INTO\s+/`). */
const INTO_ALONE = /^\W*INTO\W*$/i;
const SELECT_INTO_PATTERN = /^\W*(SELECT\b.*)?\bINTO\W*$/i;
const READ_ONLY_FUNCTION = /read_?only|select_?only|is_?select|is_?read|assert_?(read|select|safe)|ensure_?(read|select|safe)|validate_?(sql|query|statement|read)|check_?(sql|query|statement)|is_?safe_?(sql|query|statement)|is_?(query|statement)_?(safe|allowed|read)|allowed_?(sql|query|statement)/i;
const SQL_PARSERS = new Set(["node-sql-parser", "pgsql-ast-parser", "pg-query-parser", "libpg-query", "pg-query-emscripten", "@supabase/pg-parser", "sql-parser-cst", "sqlite-parser", "sql-parser", "@pgsql/parser"]);
/** A statement kind a check may pin the statement to: SELECT for read tools, or the kinds a write tool is scoped to. */
const STATEMENT_KIND = /^\s*(select|with|show|explain|describe|desc|pragma|insert|update|delete|create|alter)\b/i;
const STATEMENT_KEYWORDS = /^\^(\\s[*+]\??|\s)*\(?(\?:)?\s*(select|with|show|explain|describe|desc|pragma|insert|update|delete|create|alter)\b/i;
const STATEMENT_FIELD = /^(sql|query|statement|stmt|sqlQuery|sql_query|queryText|query_text|rawSql|raw_sql|script|sqlStatement|sql_statement)$/i;
/** An argument named for SQL itself, not for a query of any kind. */
const SQL_NAMED = /sql|statement|stmt/i;
const SQL_KEYWORD = /\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|USE|DESCRIBE|SHOW|PRAGMA|CREATE|DROP|ALTER|TRUNCATE|VALUES|TABLE)\b/i;
const CATALOG = /\b(sqlite_master|sqlite_schema|information_schema|pg_tables|pg_class|pg_catalog|pg_namespace|sys\.(tables|objects|columns)|all_tables|user_tables)\b/i;
const ESCAPER_NAME = /^(escape|escapeId|escapeIdentifier|escapeLiteral|escapeString|escapeValue|escapeSql\w*|sqlEscape\w*|quoteIdent\w*|quoteLiteral|quoteName|quoteTable\w*|quoteColumn\w*|sanitizeIdentifier|sanitizeTableName|sanitizeColumnName|identifier|ident)$/;
const MONGO_JS_OPERATORS = ["$where", "$function", "$accumulator"];
const MONGO_SANITIZERS = new Set(["mongo-sanitize", "express-mongo-sanitize", "mongo-express-sanitize"]);

export default createRule({
  id: "no-sql-injection",
  meta: {
    description: "Keep tool arguments out of SQL text and MongoDB operators, and confine query tools that take whole statements to reads",
    severity: "high",
    confidence: "high",
    checklist: ["DATA-4", "TOOL-5", "TOOL-6", "TOOL-3"],
    cwe: ["CWE-89", "CWE-943"],
    messages: {
      injection:
        "{{source}} is spliced into the {{language}} text that {{api}} runs: {{who}} can rewrite the statement to read other tables or change and delete data. Pass the value as a bound parameter ($1, ?, :name) instead; for a table or column name, check it against a list of allowed names or escape it as an identifier (escapeId, format('%I')).",
      arbitraryQuery:
        "{{source}} is the whole {{language}} statement that {{api}} runs, and nothing on the way makes it read-only: {{who}} can run UPDATE, DELETE, DROP or any other statement the database account may. Run it in a read-only transaction (BEGIN READ ONLY / SET TRANSACTION READ ONLY), open the database read-only ({ readonly: true }, a read-only role), or reject anything but a single SELECT before running it.",
      readOnlyBypass:
        "{{source}} is the whole {{language}} statement that {{api}} runs, and the read-only check before it does not hold: the driver runs every statement in the text (pg without bound values, a SQL Server batch, mysql with multipleStatements), so {{who}} can send `COMMIT; DROP TABLE …` to end the read-only transaction, or follow an allowed SELECT with a write. Refuse text with more than one statement (parse it), or run it through the extended protocol (a values array or a named statement), or connect with a read-only role.",
      cteWrite:
        "{{source}} is the whole {{language}} statement that {{api}} runs, and the read-only check before it accepts any text that starts with WITH: a WITH clause can come before an UPDATE, DELETE or INSERT (`WITH x AS (SELECT 1) DELETE FROM t`, or a data-modifying CTE in PostgreSQL), so {{who}} can change data through the read-only tool. Check the statement after the WITH clause (parse it), refuse INSERT, UPDATE and DELETE anywhere in the text, or run it in a read-only transaction or as a read-only role.",
      fileOutput:
        "{{source}} is the whole {{language}} statement that {{api}} runs, and the read-only check before it lets `SELECT … INTO OUTFILE` through: MySQL counts it as a read, even in a READ ONLY transaction, yet it writes a file on the database host wherever the account's FILE privilege and secure_file_priv allow, so {{who}} can plant files there. Refuse INTO OUTFILE and INTO DUMPFILE before running the statement, or connect with an account that lacks the FILE privilege.",
      tableCopy:
        "{{source}} is the whole {{language}} statement that {{api}} runs, and the SELECT-only check before it lets `SELECT … INTO new_table` through: SQL Server and PostgreSQL run it as a SELECT, yet it creates a table and fills it, so {{who}} can write to the database the check was meant to keep read-only. Refuse INTO before running the statement, or run it in a read-only transaction (PostgreSQL) or as an account that cannot create tables.",
      serverSideJs:
        "{{source}} becomes JavaScript that MongoDB runs on the database server ({{operator}}): {{who}} can match or read any document in the collection and tie up the server. Express the condition with query operators ($eq, $regex, ...) built from validated values.",
      operatorInjection:
        "{{source}} is the value of `{{field}}` in the MongoDB filter given to {{api}}, and nothing checks that it is a plain value: {{who}} can pass an object such as {\"$ne\": null} or {\"$regex\": \".*\"} and match every document. Validate it as a string or number (z.string(), typeof) or compare with {{field}}: { $eq: value }.",
      arbitraryFilter:
        "{{source}} is the whole MongoDB {{what}} given to {{api}}, and nothing rejects server-side JavaScript operators: {{who}} can run JavaScript on the database server with $where, $function or $accumulator{{pipelineRisk}}. Reject those operators before running the query (or disable server-side JavaScript on the server), or build the {{what}} from validated fields.",
    },
    docs: {
      rationale:
        "Database tools take their values from a model that any document, web page or issue it reads can prompt-inject. A value spliced into SQL text (template literals, concatenation, $queryRawUnsafe, knex.raw, sequelize.query) becomes SQL: `' OR 1=1; DROP TABLE users; --`. MongoDB has the same problem when a value that can be an object lands in a filter ({\"$ne\": null}) or when text reaches $where, which runs JavaScript on the server. Tools whose purpose is to run the model's SQL are a different case: they must at least make the database refuse writes.",
      remediation:
        "Pass values as bound parameters (`client.query('SELECT * FROM users WHERE id = $1', [id])`, `db.prepare('... WHERE id = ?').get(id)`, Prisma's tagged `$queryRaw`, knex bindings). Check table and column names against an allowlist or escape them as identifiers (`mysql.escapeId`, `format('%I', name)`). For query-console tools, run the model's statement in a read-only transaction or on a read-only connection, or accept only a single SELECT; with pg, also refuse text holding more than one statement (or pass a values array), since `COMMIT; DROP TABLE …` ends a read-only transaction. For MongoDB, validate filter values as plain strings or numbers and reject $where, $function and $accumulator.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import pg from "pg";',
          'import { z } from "zod";',
          "const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });",
          'const server = new McpServer({ name: "crm", version: "1.0.0" });',
          'server.tool("find_customer", { name: z.string() }, async ({ name }) => {',
          "  const { rows } = await pool.query(`SELECT id, email FROM customers WHERE name = '${name}'`);",
          '  return { content: [{ type: "text", text: JSON.stringify(rows) }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import pg from "pg";',
          'import { z } from "zod";',
          "const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });",
          'const server = new McpServer({ name: "crm", version: "1.0.0" });',
          'server.tool("find_customer", { name: z.string() }, async ({ name }) => {',
          '  const { rows } = await pool.query("SELECT id, email FROM customers WHERE name = $1", [name]);',
          '  return { content: [{ type: "text", text: JSON.stringify(rows) }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/89.html",
      "https://cwe.mitre.org/data/definitions/943.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html",
      "https://node-postgres.com/features/queries#parameterized-query",
      "https://www.mongodb.com/docs/manual/reference/operator/query/where/",
    ],
  },
  create(context) {
    const reportedFilters = new Set<ts.Node>();
    return {
      CallExpression(call) {
        for (const sink of querySinks(call, context)) {
          if (sink.kind === "sql" || sink.kind === "cypher") inspectSql(sink, context);
          else inspectMongo(sink, context, reportedFilters);
        }
      },
      PropertyAssignment(prop) {
        serverSideJs(prop, context, reportedFilters);
      },
    };
  },
});

// ---------------------------------------------------------------- SQL

type Piece = { kind: "text"; text: string } | { kind: "expr"; expr: ts.Expression; safe?: boolean };

function inspectSql(sink: QuerySink, context: RuleContext): void {
  const language = sink.kind === "cypher" ? "Cypher" : "SQL";
  // A shared helper (runQuery(sql)) can be both: one tool splices a value in, another passes a whole statement.
  const found: Partial<Record<"injection" | "arbitraryQuery" | "readOnlyBypass" | "cteWrite" | "fileOutput" | "tableCopy", [TaintHit, ts.Expression]>> = {};
  const pieces = splitStatement(sink.expr, context, 0);
  const text = pieces?.map((p) => (p.kind === "text" ? p.text : " ? ")).join("") ?? "";
  const consider = (hits: TaintHit[], at: ts.Expression, wrapped: boolean) => {
    for (const hit of hits) {
      const statement = !sink.fragment && wrapped && (!hasMark(hit.taint, "prefixed") || wrappedOnTheWay(hit, context));
      if (sink.guessed && !showsSql(sink, hit, statement, text, context)) continue;
      if (statement && found.arbitraryQuery) continue;
      const readOnly = statement ? readOnlyEnforced(sink, hit, context) : undefined;
      if (readOnly === "bypassed") found.readOnlyBypass ??= [hit, at];
      if (readOnly === "cteWrite" || readOnly === "fileOutput" || readOnly === "tableCopy") found[readOnly] ??= [hit, at];
      if (readOnly) continue;
      if (!statement && found.injection) continue;
      found[statement ? "arbitraryQuery" : "injection"] = [hit, at];
    }
  };
  if (pieces) {
    let before = "";
    for (const piece of pieces) {
      if (piece.kind === "text") before += piece.text;
      else {
        if (!piece.safe) consider(unsafeHits(piece.expr, sink, context), piece.expr, before.trim() === "" || STATEMENT_WRAPPER.test(before));
        before += " ? ";
      }
    }
  } else consider(unsafeHits(sink.expr, sink, context), sink.expr, true);
  if (found.arbitraryQuery) {
    delete found.readOnlyBypass;
    delete found.cteWrite;
  }
  if (found.arbitraryQuery || found.readOnlyBypass || found.cteWrite) {
    delete found.fileOutput;
    delete found.tableCopy;
  }
  for (const messageId of ["injection", "arbitraryQuery", "readOnlyBypass", "cteWrite", "fileOutput", "tableCopy"] as const) {
    const entry = found[messageId];
    if (!entry) continue;
    const [hit, at] = entry;
    const statement = messageId !== "injection";
    const data = { source: describeSource(hit), who: who(hit, context), api: sink.api, language };
    const trace = context.trace(hit, at, statement ? `runs it as a ${language} statement (${sink.api})` : `becomes part of the ${language} text (${sink.api})`);
    context.report({ node: sink.call, messageId, data, trace, ...(statement ? { severity: "medium" as const } : {}), ...confidenceOf(hit), ...toolOf(hit, sink.call, context), ...signedInGrade(hit, context) });
  }
}

/**
 * A guessed sink must show SQL: a statement-named argument for a whole statement, keywords around a spliced value.
 * Under a key search and GraphQL APIs share (`{ query }`), a keyword is not enough (`from:${user}` is search syntax):
 * the argument must be named for SQL, or the text it was spliced into must start a statement.
 */
function showsSql(sink: QuerySink, hit: TaintHit, statement: boolean, text: string, context: RuleContext): boolean {
  if (statement) return (sink.sharedKey ? SQL_NAMED : STATEMENT_FIELD).test(hit.taint.path[hit.taint.path.length - 1] ?? "");
  if (sink.sharedKey) return textsOnTheWay(hit, context).some(startsLikeSql);
  return SQL_KEYWORD.test(text + textsOnTheWay(hit, context).join(" "));
}

/**
 * Fixed text of the statements the value was spliced into before reaching a wrapper (`all(`PRAGMA table_info(${t})`)`),
 * or by a project function whose result carried it (`listTablesSql(schemas)` returning `select … in (${…})`).
 */
function textsOnTheWay(hit: TaintHit, context: RuleContext): string[] {
  return hit.taint.trace
    .filter((s) => (s.kind === "call" || s.kind === "return") && ts.isExpression(s.node))
    .flatMap((s) => (s.kind === "return" && ts.isCallExpression(s.node) ? returnedByCallee(s.node, context) : taintedFields(s.node as ts.Expression, context)))
    .map((e) => (splitStatement(e, context, 0) ?? []).map((p) => (p.kind === "text" ? p.text : " ? ")).join(""));
}

/** `run(ref, { query: `select … ${x}` })`: the fields of an options object that carry the value; any other value itself. */
function taintedFields(expr: ts.Expression, context: RuleContext): ts.Expression[] {
  const e = skipOuter(expr);
  if (!ts.isObjectLiteralExpression(e)) return [expr];
  return e.properties.flatMap((p) => (ts.isPropertyAssignment(p) && context.taint(p.initializer, KINDS).length > 0 ? [p.initializer] : []));
}

/** The expressions the project functions a call reaches return. */
function returnedByCallee(call: ts.CallExpression, context: RuleContext): ts.Expression[] {
  return context.calleeFunctions(call).flatMap((fn) => returnedExpressions(fn));
}

/**
 * `const sql = `${explain} ${args.sql}`` before a shared runQuery(sql): the text put before the value on the way is
 * a statement wrapper (EXPLAIN, with either of its option sets), so the value is still the whole statement.
 */
function wrappedOnTheWay(hit: TaintHit, context: RuleContext): boolean {
  const prefixes = hit.taint.trace.flatMap((s) => {
    const n = ts.isIdentifier(s.node) && ts.isVariableDeclaration(s.node.parent) && s.node.parent.name === s.node ? s.node.parent : s.node;
    const e = ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) ? n.initializer : ts.isExpression(n) ? n : undefined;
    // `buildExplain(sql)`, `applyMaxRows(sql)`: the text the called function puts before the value it returns.
    const call = e && skipOuterAndAwait(e);
    const built = call && ts.isCallExpression(call) ? returnedByCallee(call, context).filter((r) => context.taint(r, KINDS).length > 0) : e ? [e] : [];
    return built.flatMap((b) => {
      const parts = stringParts(skipOuter(b));
      return parts ? [textBefore(parts, context)] : [];
    });
  }).filter((before) => before?.every((b) => b.trim() === "") !== true);
  return prefixes.length > 0 && prefixes.every((before) => before?.every((b) => STATEMENT_WRAPPER.test(b)) ?? false);
}

/** The texts before the first attacker value of a built string; undefined when something else unknown comes first. */
function textBefore(parts: readonly StringPart[], context: RuleContext): string[] | undefined {
  let before = [""];
  for (const part of parts) {
    if (part.kind === "text") {
      before = before.map((b) => b + part.text);
      continue;
    }
    const options = textOptions(part.expr, context, 0) ?? (numberTyped(part.expr, context) ? ["0"] : undefined);
    if (!options) return context.taint(part.expr, KINDS).length > 0 ? before : undefined;
    before = before.flatMap((b) => options.map((o) => b + o)).slice(0, 16);
  }
  return undefined;
}

/** `TOP ${maxRows}` with `maxRows: number`: a count, never the text the value is. */
function numberTyped(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(expr);
  const decl = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  const type = decl && (ts.isParameter(decl) || ts.isVariableDeclaration(decl)) ? decl.type : undefined;
  return !!type && /^number(\s*\|\s*(undefined|null))*$/.test(type.getText()) && context.taint(e, KINDS).length === 0;
}

/** Every text an expression can have when it is fixed: a constant, or a condition choosing between constants. */
function textOptions(expr: ts.Expression, context: RuleContext, depth: number): string[] | undefined {
  const text = context.constantText(expr);
  if (text !== undefined) return [text];
  const e = skipOuter(expr);
  if (depth > 3) return undefined;
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return init ? textOptions(init, context, depth + 1) : undefined;
  }
  if (!ts.isConditionalExpression(e)) return undefined;
  const [a, b] = [textOptions(e.whenTrue, context, depth + 1), textOptions(e.whenFalse, context, depth + 1)];
  return a && b ? [...a, ...b] : undefined;
}

/** Drivers of databases where a backslash escapes a quote inside a string literal. */
const BACKSLASH_DIALECTS = /^(mysql|mysql2|mariadb)(\/|$)/;

function confidenceOf(hit: TaintHit): { confidence?: "medium" } {
  return hit.spec.kind === "third-party-content" ? { confidence: "medium" } : {};
}

function who(hit: TaintHit, context: RuleContext): string {
  return hit.spec.kind === "third-party-content" ? "whoever controls that upstream service (or a page it returns)" : attacker(hit, context);
}

/** The attacker values reaching an expression that no check or escaping made safe for SQL. */
function unsafeHits(expr: ts.Expression, sink: QuerySink, context: RuleContext): TaintHit[] {
  const backslashes = BACKSLASH_DIALECTS.test(sink.module);
  if (isEscaped(expr, context, 0, backslashes)) return [];
  return context.taint(expr, KINDS).filter((h) => !sanitized(h) && plausibleFlow(h, context, sink.call) && fromRequestData(h) && !escapedOnTheWay(h, context, backslashes) && !checkedAgainstCatalog(h, sink, context));
}

/**
 * `SELECT name FROM sqlite_master WHERE name = ?` with the value as a parameter, before the value is spliced in
 * as a table name: the code looked it up among the real tables first.
 */
function checkedAgainstCatalog(hit: TaintHit, sink: QuerySink, context: RuleContext): boolean {
  return guardedOnEveryRoute(hit, sink.call, context, (n) => {
    if (!ts.isCallExpression(n) || n === sink.call || !n.arguments[0]) return false;
    const text = context.constantText(n.arguments[0]);
    return !!text && CATALOG.test(text) && n.arguments.slice(1).some((a) => carriesValue(a, hit, context));
  });
}

function sanitized(h: TaintHit): boolean {
  const t = h.taint;
  return hasMark(t, "number") || hasMark(t, "const") || hasMark(t, "regex") || hasMark(t, "sql-escaped");
}

/**
 * A statement split into fixed text and the values spliced into it, following const variables and
 * format() calls; undefined when the statement is not built here (a parameter, a call result).
 */
function splitStatement(expr: ts.Expression, context: RuleContext, depth: number): Piece[] | undefined {
  if (depth > 5) return undefined;
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return init ? splitStatement(init, context, depth + 1) : appendedStatement(e, context, depth);
  }
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [{ kind: "text", text: e.text }];
  // stripIndent`SELECT … ${x}`: the tag only re-indents the text.
  if (ts.isTaggedTemplateExpression(e) && isTextTag(context.api(e.tag))) return splitStatement(e.template, context, depth + 1);
  const parts = stringParts(e);
  if (parts) {
    return parts.flatMap((p): Piece[] => {
      if (p.kind === "text") return [p];
      // constantText reads `x ?? ""` as "": only values with no taint count as fixed text.
      const text = context.constantText(p.expr);
      if (text !== undefined && !context.taint(p.expr, KINDS).length) return [{ kind: "text", text }];
      return splitStatement(p.expr, context, depth + 1) ?? [{ kind: "expr", expr: p.expr }];
    });
  }
  if (ts.isCallExpression(e)) return formatPieces(e, context, depth);
  return undefined;
}

/**
 * `let sql = "SELECT ..."; if (sort) sql += \` ORDER BY ${sort}\``: the initial text followed by every append, read
 * as one statement. A variable assigned anew anywhere is not followed.
 */
function appendedStatement(id: ts.Identifier, context: RuleContext, depth: number): Piece[] | undefined {
  const decl = context.declaration(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  const appends: ts.Expression[] = [];
  let reassigned = false;
  const name = decl.name.text;
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && ts.isIdentifier(n.left) && n.left.text === name && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && context.declaration(n.left) === decl) {
      if (n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) appends.push(n.right);
      else reassigned = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(decl.parent.parent.parent);
  const first = reassigned ? undefined : splitStatement(decl.initializer, context, depth + 1);
  if (!first) return undefined;
  return [...first, ...appends.flatMap((a) => splitStatement(a, context, depth + 1) ?? [{ kind: "expr" as const, expr: a }])];
}

/** util.format / sprintf / pg-format / sqlstring.format: which values land raw in the text. */
function formatPieces(call: ts.CallExpression, context: RuleContext, depth: number): Piece[] | undefined {
  const api = context.api(call.expression);
  if (!api) return undefined;
  const last = api.path.filter((p) => p !== "#").pop() ?? "";
  const [fmt, ...values] = call.arguments;
  if (!fmt) return undefined;
  // mysql.format(sql, values) and sqlstring.format escape every value: only the text itself matters.
  if (last === "format" && ["sqlstring", "mysql", "mysql2", "mysql2/promise"].includes(api.module)) return splitStatement(fmt, context, depth + 1) ?? [{ kind: "expr", expr: fmt }];
  const pgFormat = api.module === "pg-format";
  const printf = (api.module === "util" && last === "format") || (api.module === "sprintf-js" && last === "sprintf") || api.module === "printf" || api.module === "format-util";
  if (!pgFormat && !printf) return undefined;
  const text = context.constantText(fmt);
  if (text === undefined) return [{ kind: "expr", expr: fmt }];
  const pieces: Piece[] = [];
  const re = /%(?:(\d+)\$)?([-+ 0#]*\d*(?:\.\d+)?)([a-zA-Z%])/g;
  let next = 0;
  let last0 = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    pieces.push({ kind: "text", text: text.slice(last0, m.index) });
    last0 = m.index + m[0].length;
    const conv = m[3] ?? "s";
    if (conv === "%") {
      pieces.push({ kind: "text", text: "%" });
      continue;
    }
    const index = m[1] ? Number(m[1]) - 1 : next++;
    const value = values[index];
    if (!value) continue;
    const escaped = pgFormat ? conv === "I" || conv === "L" : /[dif]/.test(conv);
    pieces.push({ kind: "expr", expr: value, ...(escaped ? { safe: true } : {}) });
  }
  pieces.push({ kind: "text", text: text.slice(last0) });
  return pieces;
}

/** escapeId(x), conn.escape(x), x.replace(/'/g, "''"), a project quoteIdent(): the value is quoted for SQL. */
function isEscaped(expr: ts.Expression, context: RuleContext, depth: number, backslashes: boolean): boolean {
  if (depth > 3) return false;
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return !!init && isEscaped(init, context, depth + 1, backslashes);
  }
  if (ts.isConditionalExpression(e)) return isEscaped(e.whenTrue, context, depth + 1, backslashes) && isEscaped(e.whenFalse, context, depth + 1, backslashes);
  if (!ts.isCallExpression(e)) return false;
  // x.replace(/[^\w]/g, "").slice(0, 48): a piece of an escaped text is escaped.
  const callee = skipOuter(e.expression);
  if (ts.isPropertyAccessExpression(callee) && KEEPS_ESCAPING.has(callee.name.text)) return isEscaped(callee.expression, context, depth + 1, backslashes);
  // columns.map(quoteIdent).join(", "): every element went through the escaper.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "join") {
    const mapped = skipOuter(callee.expression);
    const fn = ts.isCallExpression(mapped) && ts.isPropertyAccessExpression(mapped.expression) && mapped.expression.name.text === "map" ? mapped.arguments[0] : undefined;
    const escaper = fn && skipOuter(fn);
    const ref = escaper && (ts.isIdentifier(escaper) || ts.isPropertyAccessExpression(escaper)) ? context.resolve(escaper) : undefined;
    if (escaper && ref && escapes(escaper.getText().split(".").pop() ?? "", ref.kind === "function" ? [ref.node] : [])) return true;
  }
  return isEscapingCall(e, context, backslashes);
}

/** String methods whose result holds only characters of their receiver. */
const KEEPS_ESCAPING = new Set(["slice", "substring", "substr", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase"]);

function isEscapingCall(call: ts.CallExpression, context: RuleContext, backslashes: boolean): boolean {
  const callee = skipOuter(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!name) return false;
  if (name === "replace" || name === "replaceAll") return quoteDoubling(call, backslashes);
  return escapes(name, context.calleeFunctions(call));
}

/** A function named as an escaper (camel or snake case); a project one must transform or check its input. */
function escapes(name: string, fns: readonly FunctionLike[]): boolean {
  if (!ESCAPER_NAME.test(name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))) return false;
  if (!fns.length) return true;
  return fns.some((fn) => !!fn.body && /\.replace(All)?\(|escape|\.test\(|throw /i.test(fn.body.getText()));
}

/**
 * `.replace(/'/g, "''")`, `.replace(/"/g, '""')`, `.replace(/[^\w]/g, "")`. Where a backslash escapes inside quotes
 * (MySQL), quotes are escaped only along with backslashes: `\'` would otherwise end the string.
 */
function quoteDoubling(call: ts.CallExpression, backslashes: boolean): boolean {
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement) return false;
  const p = skipOuter(pattern);
  const r = ts.isStringLiteralLike(skipOuter(replacement)) ? (skipOuter(replacement) as ts.StringLiteralLike).text : undefined;
  const source = ts.isRegularExpressionLiteral(p) ? p.text.slice(1, p.text.lastIndexOf("/")) : ts.isStringLiteralLike(p) ? p.text : undefined;
  if (source === undefined || r === undefined) return false;
  if ((source === "'" && (r === "''" || r === "\\'")) || (source === '"' && (r === '""' || r === '\\"'))) return !backslashes || escapesBackslashes(call);
  if (source === "`" && r === "``") return true;
  // Strips everything but an allowlist without quotes, spaces, dashes or semicolons.
  const negated = /^\[\^([^\]]*)\][+*]?$/.exec(source);
  return !!negated && r === "" && !/['"`;\s-]|\\s|\\W/.test((negated[1] ?? "").replace(/\\[wd]/g, "").replace(/^-|-$/g, "").replace(/[a-zA-Z0-9]-[a-zA-Z0-9]/g, ""));
}

/** `.replace(/\\/g, "\\\\")` before or after the quote replacement, in one chain of calls. */
function escapesBackslashes(call: ts.CallExpression): boolean {
  const backslashReplace = (c: ts.Node): boolean => ts.isCallExpression(c) && /^\/(\\\\|\[\\\\[^\]]*\])\/g?$/.test(skipOuter(c.arguments[0] ?? c).getText());
  for (let e: ts.Node = call; ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression); e = skipOuter(e.expression.expression)) if (backslashReplace(e)) return true;
  for (let p: ts.Node = call; ts.isPropertyAccessExpression(p.parent) && ts.isCallExpression(p.parent.parent); p = p.parent.parent) if (backslashReplace(p.parent.parent)) return true;
  return false;
}

/** The value went through a project escaper further up (a call the trace returns from). */
function escapedOnTheWay(hit: TaintHit, context: RuleContext, backslashes: boolean): boolean {
  return hit.taint.trace.some((s) => s.kind === "return" && ts.isCallExpression(s.node) && (isEscapingCall(s.node, context, backslashes) || quotesEveryReturn(s.node, context, backslashes)));
}

const quotingMemo = [new WeakMap<ts.CallExpression, boolean>(), new WeakMap<ts.CallExpression, boolean>()];

/**
 * `formatDefault(v)`: a project function that returns the value quoted (`'${v.replace(/'/g, "''")}'`) and, on its
 * other paths, only text the attacker does not choose (NULL, a checked number, an allowlisted keyword).
 */
function quotesEveryReturn(call: ts.CallExpression, context: RuleContext, backslashes: boolean): boolean {
  const memo = quotingMemo[backslashes ? 1 : 0] as WeakMap<ts.CallExpression, boolean>;
  const known = memo.get(call);
  if (known !== undefined) return known;
  const quoted = (r: ts.Expression) => {
    const parts = stringParts(r);
    return !!parts?.some((p) => p.kind === "expr") && parts.every((p) => p.kind === "text" || isEscaped(p.expr, context, 0, backslashes));
  };
  const fns = context.calleeFunctions(call);
  const result = fns.length > 0 && fns.every((fn) => {
    const returned = returnedExpressions(fn);
    return returned.some(quoted) && returned.every((r) => quoted(r) || context.taint(r, KINDS).every(sanitized));
  });
  memo.set(call, result);
  return result;
}

/**
 * A read-only transaction, a read-only connection, or a SELECT-only check the statement passes first; "bypassed" when
 * the driver runs several statements in one call, so `COMMIT; DROP TABLE t` ends the transaction or follows the SELECT.
 */
function readOnlyEnforced(sink: QuerySink, hit: TaintHit, context: RuleContext): "enforced" | "bypassed" | "cteWrite" | "fileOutput" | "tableCopy" | undefined {
  for (const node of databaseConstructions(sink.receiver, context)) {
    if (READ_ONLY_OPTION.test(constructionText(node, context))) return "enforced";
  }
  if (insideReadOnlyCall(sink.call)) return "enforced";
  if (!guardedOnEveryRoute(hit, sink.call, context, (n) => readOnlyCheck(n, hit, context))) return undefined;
  if (severalStatements(sink, context) && !guardedOnEveryRoute(hit, sink.call, context, (n) => singleStatementCheck(n, hit, context))) return "bypassed";
  if (CTE_WRITE_DRIVERS.has(sink.module) && !guardedOnEveryRoute(hit, sink.call, context, (n) => readOnlyCheck(n, hit, context) && !admitsWith(n, context)) && !guardedOnEveryRoute(hit, sink.call, context, (n) => refusesWrites(n, hit, context))) return "cteWrite";
  // Neither a SELECT-only check nor a READ ONLY transaction stops MySQL's SELECT … INTO OUTFILE. A write tool scoped to
  // INSERT or UPDATE, or one only reached through a helper named read-only, is judged as it was.
  const onTheWay = (n: ts.Node) => hit.taint.trace.some((step) => step.kind === "call" && step.node.parent === n);
  const readCheck = (n: ts.Node) => readOnlyCheck(n, hit, context) && !WRITE_KIND.test(n.getText()) && !onTheWay(n);
  if (MYSQL_DRIVERS.has(sink.module)) {
    if (!guardedOnEveryRoute(hit, sink.call, context, readCheck)) return "enforced";
    return guardedOnEveryRoute(hit, sink.call, context, (n) => refusesInto(n, "file", context, 0)) ? "enforced" : "fileOutput";
  }
  if (!TABLE_COPY_DRIVERS.has(sink.module) || sink.driverFromImports) return "enforced";
  // A check that the text is a SELECT lets SELECT … INTO new_table through; a READ ONLY transaction (PostgreSQL has one) refuses it.
  const textCheck = (n: ts.Node) => (ts.isBinaryExpression(n) || (ts.isCallExpression(n) && requiresSelect(n, context, 0))) && readCheck(n);
  if (!guardedOnEveryRoute(hit, sink.call, context, textCheck)) return "enforced";
  const readOnlyTransaction = (n: ts.Node) => !ts.isCallExpression(n) && !ts.isBinaryExpression(n) && readOnlyCheck(n, hit, context);
  if (sink.module !== "mssql" && guardedOnEveryRoute(hit, sink.call, context, readOnlyTransaction)) return "enforced";
  return guardedOnEveryRoute(hit, sink.call, context, (n) => refusesInto(n, "table", context, 0)) ? "enforced" : "tableCopy";
}

/**
 * A text check whose condition (with the helpers it calls, two deep) lets a statement start with WITH:
 * `["SELECT", "WITH"].some((k) => sql.startsWith(k))`, `/^\s*(select|with)\b/i.test(sql)`.
 */
function admitsWith(check: ts.Node, context: RuleContext): boolean {
  let cond = check;
  while (cond.parent && (ts.isParenthesizedExpression(cond.parent) || (ts.isPrefixUnaryExpression(cond.parent) && cond.parent.operator === ts.SyntaxKind.ExclamationToken) || (ts.isBinaryExpression(cond.parent) && (cond.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || cond.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)))) cond = cond.parent;
  return namesWord(cond, "with", context, 0);
}

/**
 * A check on the statement that turns writes away whatever comes first: it names the writing statements
 * (`/\b(insert|update|delete)\b/i.test(sql)`), asks the engine (better-sqlite3's `.readonly`, a parser), or calls a helper that does.
 */
function refusesWrites(n: ts.Node, hit: TaintHit, context: RuleContext): boolean {
  if (!ts.isCallExpression(n) && !ts.isBinaryExpression(n)) return false;
  return namesWord(n, "refusal", context, 0) && mentions(n, (m) => ts.isIdentifier(m) && !(ts.isPropertyAccessExpression(m.parent) && m.parent.name === m) && carriesValue(m, hit, context));
}

const wordMemo = { with: [new WeakMap<FunctionLike, boolean>(), new WeakMap<FunctionLike, boolean>()], refusal: [new WeakMap<FunctionLike, boolean>(), new WeakMap<FunctionLike, boolean>()] };

/** The node names the word in a literal, a constant it reads (a list, a map of lists, a pattern), or a project function it calls. */
function namesWord(root: ts.Node, word: "with" | "refusal", context: RuleContext, depth: number): boolean {
  const literal = (m: ts.Node): boolean => {
    if (ts.isStringLiteralLike(m)) return (word === "with" ? WITH_WORD : WRITE_WORD).test(m.text);
    if (word === "refusal" && ts.isPropertyAccessExpression(m)) return (m.name.text === "reader" || m.name.text === "readonly") && !ts.isCallExpression(m.parent) && preparedStatement(m.expression, context);
    if (!ts.isRegularExpressionLiteral(m)) return false;
    const source = m.text.slice(1, m.text.lastIndexOf("/"));
    return word === "with" ? LEADING_WITH.test(source) : WRITE_IN_PATTERN.test(source.replace(/\\[bBsSwWdD][*+?]?/g, " "));
  };
  const test = (m: ts.Node): boolean => {
    if (literal(m)) return true;
    if (ts.isIdentifier(m) && !(ts.isPropertyAccessExpression(m.parent) && m.parent.name === m)) {
      const init = context.initializer(m);
      const e = init && skipOuter(init);
      return !!e && (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e) || ts.isRegularExpressionLiteral(e) || ts.isNewExpression(e)) && mentions(e, literal);
    }
    if (!ts.isCallExpression(m)) return false;
    const api = word === "refusal" ? context.api(m.expression) : undefined;
    if (api && SQL_PARSERS.has(api.module)) return true;
    if (depth >= 2) return false;
    return context.calleeFunctions(m).some((fn) => {
      const memo = wordMemo[word][depth] as WeakMap<FunctionLike, boolean>;
      let known = memo.get(fn);
      if (known === undefined) memo.set(fn, (known = !!fn.body && namesWord(fn.body, word, context, depth + 1)));
      return known;
    });
  };
  return mentions(root, test);
}

/** `db.prepare(sql)`, or a variable holding one: better-sqlite3 tells whether such a statement only reads. */
function preparedStatement(expr: ts.Expression, context: RuleContext): boolean {
  let e = skipOuter(expr);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  return ts.isCallExpression(e) && calleeName(e) === "prepare";
}

/**
 * A check that looks for INTO OUTFILE ("file") or SELECT … INTO ("table"): the keyword in a literal or a listed constant
 * (`BLOCKED.some(k => sql.includes(k))`, a class's static list), a parser's `ast.into`, or a project function (two
 * calls deep) that does one of these.
 */
function refusesInto(n: ts.Node, target: "file" | "table", context: RuleContext, depth: number): boolean {
  if (ts.isStringLiteralLike(n)) return (target === "file" ? FILE_OUTPUT : INTO_ALONE).test(n.text);
  // `/\binto\s+outfile/i`, `/\binto\b/`: the pattern's words, without its escapes.
  if (ts.isRegularExpressionLiteral(n)) return (target === "file" ? FILE_OUTPUT : SELECT_INTO_PATTERN).test(n.text.slice(1, n.text.lastIndexOf("/")).replace(/\\[bBsSwWdD][*+?]?/g, " "));
  if (ts.isPropertyAccessExpression(n)) {
    if (n.name.text === "into") return true;
    // `Validator.BLOCKED`: a class's static readonly list.
    const decl = ts.isIdentifier(n.name) ? context.declaration(n.name) : undefined;
    const init = decl && ts.isPropertyDeclaration(decl) ? decl.initializer : undefined;
    return !!init && constantList(init) && mentions(init, (m) => refusesInto(m, target, context, depth));
  }
  if (ts.isIdentifier(n)) {
    const init = ts.isPropertyAccessExpression(n.parent) && n.parent.name === n ? undefined : context.initializer(n);
    return !!init && constantList(init) && mentions(init, (m) => refusesInto(m, target, context, depth));
  }
  if (!ts.isCallExpression(n) || depth >= 2) return false;
  return context.calleeFunctions(n).some((fn) => {
    const memo = refusalMemo[target][depth] as WeakMap<FunctionLike, boolean>;
    let known = memo.get(fn);
    if (known === undefined) memo.set(fn, (known = !!fn.body && mentions(fn.body, (m) => refusesInto(m, target, context, depth + 1))));
    return known;
  });
}

/** A check that names SELECT as the kind the text must be: `startsWith("SELECT")`, `/^\s*select\b/`, or a helper (two calls deep) doing one. */
function requiresSelect(n: ts.Node, context: RuleContext, depth: number): boolean {
  const names = (m: ts.Node): boolean =>
    (ts.isStringLiteralLike(m) && /^\W*SELECT\W*$/i.test(m.text)) ||
    (ts.isRegularExpressionLiteral(m) && /^\^(\\s[*+]\??|\s)*\(?(\?:)?(\s*\w+\|)*\s*select\b/i.test(m.text.slice(1))) ||
    (ts.isIdentifier(m) && !(ts.isPropertyAccessExpression(m.parent) && m.parent.name === m) && constantList(context.initializer(m) ?? m) && mentions(context.initializer(m) as ts.Expression, names));
  if (mentions(n, names)) return true;
  if (!ts.isCallExpression(n) || depth >= 2) return false;
  return context.calleeFunctions(n).some((fn) => {
    const memo = selectMemo[depth] as WeakMap<FunctionLike, boolean>;
    let known = memo.get(fn);
    if (known === undefined) memo.set(fn, (known = !!fn.body && mentions(fn.body, (m) => ts.isCallExpression(m) ? requiresSelect(m, context, depth + 1) : names(m))));
    return known;
  });
}

const selectMemo = [new WeakMap<FunctionLike, boolean>(), new WeakMap<FunctionLike, boolean>()];

function constantList(init: ts.Expression): boolean {
  const e = skipOuter(init);
  return ts.isArrayLiteralExpression(e) || ts.isStringLiteralLike(e);
}

const refusalMemo = {
  file: [new WeakMap<FunctionLike, boolean>(), new WeakMap<FunctionLike, boolean>()],
  table: [new WeakMap<FunctionLike, boolean>(), new WeakMap<FunctionLike, boolean>()],
};

function mentions(root: ts.Node, test: (n: ts.Node) => boolean): boolean {
  const visit = (n: ts.Node): boolean => test(n) || !!ts.forEachChild(n, (c) => visit(c) || undefined);
  return visit(root);
}

/**
 * Calls that run every statement the text holds: pg's query(text) with no values (the simple protocol), pglite's
 * exec(), SQL Server's batches, and mysql connections opened with multipleStatements.
 */
function severalStatements(sink: QuerySink, context: RuleContext): boolean {
  if (!ts.isCallExpression(sink.call)) return false;
  const method = calleeName(sink.call);
  const [first, values] = sink.call.arguments;
  if (sink.module === "@electric-sql/pglite") return method === "exec";
  if (sink.module === "mssql") return true;
  if (MULTI_STATEMENT_DRIVERS.has(sink.module)) return databaseConstructions(sink.receiver, context).some((n) => /\bmultipleStatements\s*:\s*true\b/.test(constructionText(n, context)));
  const noValues = !values || emptyList(values) || emptyByDefault(values, context);
  return SIMPLE_PROTOCOL.has(sink.module) && method === "query" && noValues && !!first && !ts.isObjectLiteralExpression(skipOuter(first));
}

function emptyList(e: ts.Expression): boolean {
  const v = skipOuter(e);
  return ts.isArrayLiteralExpression(v) && v.elements.length === 0;
}

/** `run(sql, params = [])`: a parameter whose callers may leave the values out. */
function emptyByDefault(e: ts.Expression, context: RuleContext): boolean {
  const v = skipOuter(e);
  const decl = ts.isIdentifier(v) ? context.declaration(v) : undefined;
  return !!decl && ts.isParameter(decl) && !!decl.initializer && emptyList(decl.initializer);
}

/** A check that the text holds one statement: a parser, a test for ";", or a helper that looks for one. */
function singleStatementCheck(n: ts.Node, hit: TaintHit, context: RuleContext): boolean {
  if (!ts.isCallExpression(n)) return false;
  const carries = () => n.arguments.some((a) => carriesValue(a, hit, context));
  const api = context.api(n.expression);
  if (api && SQL_PARSERS.has(api.module)) return carries();
  const callee = skipOuter(n.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const [a0] = n.arguments;
  if (receiver && a0) {
    const method = (callee as ts.PropertyAccessExpression).name.text;
    const text = /^(includes|indexOf|lastIndexOf|split)$/.test(method) ? context.constantText(a0) : undefined;
    if (text?.includes(";")) return carriesValue(receiver, hit, context);
    const [pattern, subject] = method === "match" || method === "search" || method === "split" ? [a0, receiver] : [receiver, a0];
    if (/^(test|exec|match|search|split)$/.test(method) && regexSource(pattern, context)?.includes(";")) return carriesValue(subject, hit, context);
  }
  return carries() && context.calleeFunctions(n).some((fn) => !!fn.body && mentionsSemicolon(fn.body));
}

function mentionsSemicolon(body: ts.Node): boolean {
  const visit = (n: ts.Node): boolean => ((ts.isStringLiteralLike(n) || ts.isRegularExpressionLiteral(n)) && n.text.includes(";")) || !!ts.forEachChild(n, (c) => visit(c) || undefined);
  return visit(body);
}

/** `sql.transaction([sql.query(statement)], { readOnly: true })`: the call the statement is handed to runs it read-only. */
function insideReadOnlyCall(sinkCall: ts.Node): boolean {
  for (let child = sinkCall, n = sinkCall.parent; n && !ts.isBlock(n) && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (!ts.isCallExpression(n) || !n.arguments.some((a) => a === child)) continue;
    if (n.arguments.some((a) => a !== child && ts.isObjectLiteralExpression(skipOuter(a)) && READ_ONLY_OPTION.test(a.getText()))) return true;
  }
  return false;
}

function readOnlyCheck(n: ts.Node, hit: TaintHit, context: RuleContext): boolean {
  if (ts.isStringLiteralLike(n)) return READ_ONLY_SQL.test(n.text);
  if (ts.isTemplateExpression(n)) return READ_ONLY_SQL.test(n.head.text + n.templateSpans.map((x) => x.literal.text).join(" "));
  if (ts.isPropertyAssignment(n)) return /^(readonly|readOnly|read_only)$/.test(propertyNameText(n.name) ?? "") && n.initializer.kind === ts.SyntaxKind.TrueKeyword;
  // better-sqlite3: db.prepare(sql).reader / .readonly tells whether the statement only reads.
  if (ts.isPropertyAccessExpression(n)) return (n.name.text === "reader" || n.name.text === "readonly") && !ts.isCallExpression(n.parent) && carriesValue(n.expression, hit, context);
  if (ts.isCallExpression(n)) return selectOnlyCheck(n, hit, context) && !rejectsTheKind(n);
  if (ts.isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return false;
    const [l, r] = [context.constantText(n.left), context.constantText(n.right)];
    const other = l !== undefined ? n.right : r !== undefined ? n.left : undefined;
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    return !!other && STATEMENT_KIND.test(`${(l ?? r ?? "").trim()} `) && carriesValue(other, hit, context) && rejectsTheKind(n) !== equal;
  }
  return false;
}

/**
 * `if (sql.startsWith("SELECT")) throw ...`: the check turns that kind away rather than requiring it
 * (an execute tool for everything but reads). True when the statement continues only if the check failed.
 */
function rejectsTheKind(check: ts.Node): boolean {
  let positive = true;
  let child: ts.Node = check;
  for (let n = check.parent; n; child = n, n = n.parent) {
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) positive = !positive;
    else if (ts.isParenthesizedExpression(n) || (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken))) continue;
    else if (ts.isIfStatement(n) && child === n.expression) {
      const thenExits = endsInExit(n.thenStatement);
      // Continuing after `if (cond) throw` needs cond false; entering the then-branch needs it true.
      return thenExits ? positive : !positive;
    } else return false;
  }
  return false;
}

function constructionText(node: ts.Node, context: RuleContext): string {
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return node.getText();
  const args = node.arguments ?? [];
  return args.map((a) => context.objectProps(a)?.node.getText() ?? context.constantText(a) ?? a.getText()).join(" ");
}

/** sql.trim().toUpperCase().startsWith("SELECT"), /^\s*select\b/i.test(sql), isReadOnly(sql), parser.astify(sql). */
function selectOnlyCheck(call: ts.CallExpression, hit: TaintHit, context: RuleContext): boolean {
  const callee = skipOuter(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const [a0] = call.arguments;
  if (receiver && a0 && method === "startsWith") {
    const text = context.constantText(a0);
    return text !== undefined && STATEMENT_KIND.test(text) && carriesValue(receiver, hit, context);
  }
  if (receiver && a0 && (method === "test" || method === "exec" || method === "match" || method === "search")) {
    const [pattern, subject] = method === "match" || method === "search" ? [a0, receiver] : [receiver, a0];
    const source = regexSource(pattern, context);
    return source !== undefined && STATEMENT_KEYWORDS.test(source) && carriesValue(subject, hit, context);
  }
  if (receiver && a0 && (method === "includes" || method === "has")) {
    const list = listTexts(receiver, context);
    // ["SELECT", "SHOW"].includes(firstWord), ["update"].includes(type): the statement's kind is checked.
    return !!list && list.some((t) => STATEMENT_KIND.test(t)) && carriesValue(a0, hit, context);
  }
  const api = context.api(call.expression);
  const carries = () => call.arguments.some((a) => carriesValue(a, hit, context));
  if (api && SQL_PARSERS.has(api.module)) return carries();
  if (!api && READ_ONLY_FUNCTION.test(method)) return carries();
  return false;
}

function regexSource(pattern: ts.Expression, context: RuleContext): string | undefined {
  let p = skipOuter(pattern);
  if (ts.isIdentifier(p)) p = skipOuter(context.initializer(p) ?? p);
  if (ts.isRegularExpressionLiteral(p)) return p.text.slice(1, p.text.lastIndexOf("/"));
  if (ts.isNewExpression(p) && p.arguments?.[0]) return context.constantText(p.arguments[0]);
  return undefined;
}

function listTexts(expr: ts.Expression, context: RuleContext): string[] | undefined {
  let e = skipOuter(expr);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  if (ts.isNewExpression(e) && e.arguments?.[0]) e = skipOuter(e.arguments[0]);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  if (!ts.isArrayLiteralExpression(e)) return undefined;
  return e.elements.flatMap((el) => context.constantText(el) ?? []);
}

// ---------------------------------------------------------------- MongoDB

function inspectMongo(sink: QuerySink, context: RuleContext, reported: Set<ts.Node>): void {
  let e = skipOuterAndAwait(sink.expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init && (ts.isObjectLiteralExpression(skipOuter(init)) || ts.isArrayLiteralExpression(skipOuter(init)))) e = skipOuter(init);
  }
  if (ts.isObjectLiteralExpression(e)) {
    if (sink.kind === "mongo-filter") operatorInjection(e, sink, context, reported);
    return;
  }
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) {
      // [{ $match: { … } }, ...stages]: the spread adds whole stages the attacker wrote.
      if (ts.isSpreadElement(el)) {
        if (wholeDocument(el.expression, sink, "pipeline", context, true)) return;
        continue;
      }
      const stage = skipOuter(el);
      const match = ts.isObjectLiteralExpression(stage) ? context.objectProps(stage)?.value("$match") : stage;
      if (match && !ts.isObjectLiteralExpression(skipOuter(match)) && wholeDocument(match, sink, "pipeline stage", context)) return;
    }
    return;
  }
  wholeDocument(e, sink, sink.kind === "mongo-pipeline" ? "pipeline" : "filter", context, sink.kind === "mongo-pipeline");
}

/**
 * The attacker wrote the whole filter or pipeline: only JavaScript operators (and write stages) go beyond what such a tool is for.
 * `stages` when the value is a list of stages, whose elements are the documents that can hold operators.
 */
function wholeDocument(expr: ts.Expression, sink: QuerySink, what: string, context: RuleContext, stages = false): boolean {
  const hit = context.taint(expr, KINDS).find((h) => !sanitized(h) && plausibleFlow(h, context, expr) && objectCapable(h, expr, context, stages));
  if (!hit || jsOperatorsRejected(hit, sink.call, context)) return false;
  const pipelineRisk = sink.kind === "mongo-pipeline" ? ", and overwrite collections with $out or $merge" : "";
  context.report({
    node: sink.call,
    messageId: "arbitraryFilter",
    data: { source: describeSource(hit), who: who(hit, context), api: sink.api, what, pipelineRisk },
    trace: context.trace(hit, expr, `used as the whole ${what} (${sink.api})`),
    severity: "medium",
    confidence: "medium",
    ...toolOf(hit, sink.call, context),
  });
  return true;
}

function operatorInjection(filter: ts.ObjectLiteralExpression, sink: QuerySink, context: RuleContext, reported: Set<ts.Node>): void {
  for (const p of filter.properties) {
    const name = p.name ? propertyNameText(p.name) : undefined;
    if (name === "$and" || name === "$or" || name === "$nor") {
      const list = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
      if (list && ts.isArrayLiteralExpression(list)) for (const el of list.elements) if (ts.isObjectLiteralExpression(skipOuter(el))) operatorInjection(skipOuter(el) as ts.ObjectLiteralExpression, sink, context, reported);
      continue;
    }
    if (!name || name.startsWith("$")) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (!value || ts.isObjectLiteralExpression(skipOuter(value))) continue;
    const hit = context.taint(value, KINDS).find((h) => !sanitized(h) && plausibleFlow(h, context, value) && objectCapable(h, value, context));
    if (!hit || reported.has(p)) continue;
    reported.add(p);
    context.report({
      node: p,
      messageId: "operatorInjection",
      data: { source: describeSource(hit), who: who(hit, context), api: sink.api, field: name },
      trace: context.trace(hit, value, `becomes the value of \`${name}\` in a MongoDB filter (${sink.api})`),
      confidence: "medium",
      ...toolOf(hit, sink.call, context),
    });
    return;
  }
}

/** Can the value be an object with operators in it (or, for `stages`, a list of such objects), rather than a string or number? */
function objectCapable(hit: TaintHit, expr: ts.Expression, context: RuleContext, stages = false): boolean {
  if (parsesJson(expr, context, 0)) return true;
  const t = hit.taint;
  if (t.derived || t.inside) return false;
  if (hit.spec.kind === "http-request") return t.path[0] === "body" || t.path[0] === "query";
  if (hit.spec.kind !== "tool-argument") return false;
  // A low-level tools/call handler validates nothing against the schema it lists, so only registered tools get their own.
  const schema = hit.spec.schema ?? (hit.spec.tool === undefined && !hit.spec.taintedMembers ? ownToolSchema(expr, context) : undefined);
  if (schema) {
    const field = schemaAt(schema, t.path);
    return !!field && holdsOperators(stages && field.kind === "array" ? field.items : field);
  }
  // A low-level tools/call handler: arguments are whatever JSON the client sent, unless a typeof check says otherwise.
  if (hit.spec.taintedMembers?.has("params")) return !typeofChecked(hit, expr, context);
  return false;
}

/** The input schema of the one tool whose handler holds the node: a subclass's own, when its base class registers every tool. */
function ownToolSchema(node: ts.Node, context: RuleContext): SchemaNode | undefined {
  const sf = node.getSourceFile();
  const holders = context.model.tools.filter((t) => {
    const region = t.dispatch ?? t.handler;
    return !!region && region.getSourceFile() === sf && node.pos >= region.pos && node.end <= region.end;
  });
  return holders.length === 1 ? holders[0]?.schema : undefined;
}

/** A schema that lets an object with arbitrary keys through (z.any(), z.record(), .passthrough()). */
function holdsOperators(field: SchemaNode): boolean {
  if (field.kind === "any" || field.kind === "unknown") return true;
  if (field.kind === "object") return field.open || [...field.fields.values()].some((f) => f.kind === "any" || f.kind === "unknown" || (f.kind === "object" && f.open));
  if (field.kind === "union") return field.options.some((o) => o.kind === "any" || o.kind === "object");
  return false;
}

function parsesJson(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  if (depth > 3) return false;
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return !!init && parsesJson(init, context, depth + 1);
  }
  if (!ts.isCallExpression(e)) return false;
  if (isJsonParse(e, context)) return true;
  // parseFilter(args.filter) that JSON.parses its input somewhere inside.
  return context.calleeFunctions(e).some((fn) => !!fn.body && nodesIn([fn.body], ts.isCallExpression).some((c) => isJsonParse(c, context) || (depth < 2 && c.arguments.length > 0 && context.calleeFunctions(c).length > 0 && parsesJson(c, context, depth + 1))));
}

function isJsonParse(call: ts.CallExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  const last = api?.path[api.path.length - 1];
  return !!api && last === "parse" && (api.module === "global" || api.module === "json5" || api.module === "bson" || api.module === "mongodb" || api.module.endsWith("/bson"));
}

function typeofChecked(hit: TaintHit, at: ts.Node, context: RuleContext): boolean {
  return guardedOnEveryRoute(hit, at, context, (t) => {
    if (!ts.isTypeOfExpression(t)) return false;
    const cmp = t.parent;
    if (!ts.isBinaryExpression(cmp)) return false;
    const other = cmp.left === t ? cmp.right : cmp.left;
    const text = context.constantText(other);
    return (text === "string" || text === "number") && carriesValue(t.expression, hit, context);
  });
}

/** A string "$where" (or a sanitizer) on the way: the code looks for server-side JavaScript before running the query. */
function jsOperatorsRejected(hit: TaintHit, sink: ts.Node, context: RuleContext): boolean {
  const helperMemo = new Map<ts.Node, boolean>();
  return guardedOnEveryRoute(hit, sink, context, (n) => {
    if (ts.isStringLiteralLike(n)) return mentionsJsOperator(n);
    if (ts.isIdentifier(n)) return constMentionsJsOperator(n, context);
    if (!ts.isCallExpression(n)) return false;
    const api = context.api(n.expression);
    if (api) return MONGO_SANITIZERS.has(api.module) || api.path[api.path.length - 1] === "sanitizeFilter";
    // assertNoServerSideJs(filter): a helper the value is handed to, that looks for the operators inside.
    return n.arguments.some((a) => carriesValue(a, hit, context)) && context.calleeFunctions(n).some((fn) => helperMentions(fn, context, helperMemo, 0));
  });
}

function helperMentions(fn: ts.Node, context: RuleContext, memo: Map<ts.Node, boolean>, depth: number): boolean {
  const cached = memo.get(fn);
  if (cached !== undefined) return cached;
  memo.set(fn, false);
  let found = nodesIn([fn], (n): n is ts.StringLiteralLike => ts.isStringLiteralLike(n)).some(mentionsJsOperator) || nodesIn([fn], ts.isIdentifier).some((id) => constMentionsJsOperator(id, context));
  if (!found && depth < 3) found = nodesIn([fn], ts.isCallExpression).some((c) => context.calleeFunctions(c).some((f) => helperMentions(f, context, memo, depth + 1)));
  memo.set(fn, found);
  return found;
}

/** const JS_OPERATORS = ["$where", ...] */
function constMentionsJsOperator(id: ts.Identifier, context: RuleContext): boolean {
  const init = context.initializer(id);
  return !!init && !isFunctionLike(init) && nodesIn([init], (n): n is ts.StringLiteralLike => ts.isStringLiteralLike(n)).some(mentionsJsOperator);
}

function mentionsJsOperator(s: ts.StringLiteralLike): boolean {
  return MONGO_JS_OPERATORS.includes(s.text) || s.text === "sanitizeFilter";
}

/** { $where: `this.name == '${name}'` }, { $function: { body: code } }. */
function serverSideJs(prop: ts.PropertyAssignment, context: RuleContext, reported: Set<ts.Node>): void {
  const name = propertyNameText(prop.name);
  if (!name || !MONGO_JS_OPERATORS.includes(name)) return;
  const value = skipOuter(prop.initializer);
  if (isFunctionLike(value)) return;
  const props = ts.isObjectLiteralExpression(value) ? context.objectProps(value) : undefined;
  const code = props ? ["body", "init", "accumulate", "merge", "finalize"].flatMap((k) => props.value(k) ?? []) : [value];
  for (const c of code) {
    if (isFunctionLike(skipOuter(c))) continue;
    const hit = context.taint(c, KINDS).find((h) => !sanitized(h) && plausibleFlow(h, context, c));
    if (!hit) continue;
    reported.add(prop);
    context.report({
      node: prop,
      messageId: "serverSideJs",
      data: { source: describeSource(hit), who: who(hit, context), operator: name },
      trace: context.trace(hit, c, `runs as server-side JavaScript (${name})`),
      ...toolOf(hit, prop, context),
    });
    return;
  }
}
