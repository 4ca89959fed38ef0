import type { ApiRef } from "../resolve/value-ref.js";
import { HTTP_CLIENTS } from "./expression-sources.js";
import type { MarkKind } from "./taint.js";

/** What a library call does to attacker data in its arguments. */
export type CallModel =
  /** The result carries no attacker data (numbers, booleans, hashes, fresh ids). */
  | { kind: "clean" }
  /** The result carries the taint of these arguments ("receiver" for the object a method is called on). */
  | { kind: "propagate"; from: "all" | readonly (number | "receiver")[]; mark?: MarkKind; part?: boolean };

const ALL: CallModel = { kind: "propagate", from: "all" };
const CLEAN: CallModel = { kind: "clean" };

const BY_NAME: Record<string, CallModel> = {
  "global.Number": CLEAN,
  "global.parseInt": CLEAN,
  "global.parseFloat": CLEAN,
  // What a program prints is its own output, not the arguments it was given: a commit hash is not the repository path.
  "child_process.exec": CLEAN,
  "child_process.execSync": CLEAN,
  "child_process.execFile": CLEAN,
  "child_process.execFileSync": CLEAN,
  "child_process.spawnSync": CLEAN,
  "execa": CLEAN,
  "execa.execa": CLEAN,
  "execa.execaSync": CLEAN,
  "execa.execaCommand": CLEAN,
  "execa.execaCommandSync": CLEAN,
  "global.Number.parseInt": CLEAN,
  "global.Number.parseFloat": CLEAN,
  "global.Math.floor": CLEAN,
  "global.Math.ceil": CLEAN,
  "global.Math.round": CLEAN,
  "global.Math.trunc": CLEAN,
  "global.Math.abs": CLEAN,
  "global.Math.min": CLEAN,
  "global.Math.max": CLEAN,
  "global.Boolean": CLEAN,
  "global.isNaN": CLEAN,
  "global.isFinite": CLEAN,
  "global.Date": CLEAN,
  "global.BigInt": CLEAN,
  "global.encodeURIComponent": { kind: "propagate", from: [0], mark: "uri-encoded" },
  "path.basename": { kind: "propagate", from: [0], mark: "basename" },
  "path.posix.basename": { kind: "propagate", from: [0], mark: "basename" },
  "path.win32.basename": { kind: "propagate", from: [0], mark: "basename" },
  "path.relative": { kind: "propagate", from: [1], mark: "relative" },
  "path.posix.relative": { kind: "propagate", from: [1], mark: "relative" },
  "path.resolve": { kind: "propagate", from: "all", mark: "absolute" },
  "path.posix.resolve": { kind: "propagate", from: "all", mark: "absolute" },
  "path.win32.resolve": { kind: "propagate", from: "all", mark: "absolute" },
  "path.normalize": { kind: "propagate", from: [0], mark: "normalized" },
  "path.posix.normalize": { kind: "propagate", from: [0], mark: "normalized" },
  "path.win32.normalize": { kind: "propagate", from: [0], mark: "normalized" },
  "path.extname": { kind: "propagate", from: [0], part: true, mark: "basename" },
  "path.dirname": { kind: "propagate", from: [0], part: true },
  "path.parse": { kind: "propagate", from: [0], part: true },
  "fs.realpath": { kind: "propagate", from: [0], mark: "realpath" },
  "fs.realpathSync": { kind: "propagate", from: [0], mark: "realpath" },
  "fs.realpath.native": { kind: "propagate", from: [0], mark: "realpath" },
  "fs.realpathSync.native": { kind: "propagate", from: [0], mark: "realpath" },
  "fs-extra.realpath": { kind: "propagate", from: [0], mark: "realpath" },
  "fs-extra.realpathSync": { kind: "propagate", from: [0], mark: "realpath" },
  "dns.lookup": { kind: "propagate", from: [0], mark: "dns-resolved" },
  "dns.resolve": { kind: "propagate", from: [0], mark: "dns-resolved" },
  "dns.resolve4": { kind: "propagate", from: [0], mark: "dns-resolved" },
  "dns.resolve6": { kind: "propagate", from: [0], mark: "dns-resolved" },
  "shell-quote.quote": { kind: "propagate", from: [0], mark: "shell-quoted" },
  // The authorization server's own endpoint, with the parameters encoded into its query: they cannot move the host.
  "openid-client.buildAuthorizationUrl": { kind: "propagate", from: [1], mark: "url-path" },
  "openid-client.buildEndSessionUrl": { kind: "propagate", from: [1], mark: "url-path" },
  // Only http(s) URLs, encoded: safe to hand to a shell or the system's URL handler.
  "strict-url-sanitise.sanitizeUrl": { kind: "propagate", from: [0], mark: "shell-quoted" },
  // Base64's alphabet (letters, digits, + / =) has no markup or quote characters.
  "global.btoa": { kind: "propagate", from: [0], mark: "base64" },
  // A JSON string is a double-quoted literal with its quotes and backslashes escaped.
  "global.JSON.stringify": { kind: "propagate", from: [0], mark: "string-escaped" },
  "shell-escape": { kind: "propagate", from: [0], mark: "shell-quoted" },
  "any-shell-escape": { kind: "propagate", from: [0], mark: "shell-quoted" },
  "shell-escape-tag": { kind: "propagate", from: "all", mark: "shell-quoted" },
  "escape-html": { kind: "propagate", from: [0], mark: "html-escaped" },
  "he.escape": { kind: "propagate", from: [0], mark: "html-escaped" },
  "he.encode": { kind: "propagate", from: [0], mark: "html-escaped" },
  "lodash.escape": { kind: "propagate", from: [0], mark: "html-escaped" },
  "validator.escape": { kind: "propagate", from: [0], mark: "html-escaped" },
  "xss": { kind: "propagate", from: [0], mark: "html-escaped" },
  "sanitize-html": { kind: "propagate", from: [0], mark: "html-escaped" },
  "sqlstring.escape": { kind: "propagate", from: [0], mark: "sql-escaped" },
  "sqlstring.escapeId": { kind: "propagate", from: [0], mark: "sql-escaped" },
  "mysql.escape": { kind: "propagate", from: [0], mark: "sql-escaped" },
  "mysql2.escape": { kind: "propagate", from: [0], mark: "sql-escaped" },
  "pg-format": ALL,
  "dompurify.sanitize": { kind: "propagate", from: [0], mark: "html-escaped" },
  "isomorphic-dompurify.sanitize": { kind: "propagate", from: [0], mark: "html-escaped" },
  "html-escaper.escape": { kind: "propagate", from: [0], mark: "html-escaped" },
  "entities.encode": { kind: "propagate", from: [0], mark: "html-escaped" },
  "entities.encodeHTML": { kind: "propagate", from: [0], mark: "html-escaped" },
  "entities.escape": { kind: "propagate", from: [0], mark: "html-escaped" },
  "lodash/escape": { kind: "propagate", from: [0], mark: "html-escaped" },
  "sqlstring.format": { kind: "propagate", from: "all", mark: "sql-escaped" },
  "sanitize-filename": { kind: "propagate", from: [0], mark: "basename" },
  "filenamify": { kind: "propagate", from: [0], mark: "basename" },
  "crypto.randomUUID": CLEAN,
  "crypto.randomBytes": CLEAN,
  "crypto.randomInt": CLEAN,
  // A cipher's key and IV shape nothing of what update() later turns the data into.
  "crypto.createDecipheriv": CLEAN,
  "crypto.createCipheriv": CLEAN,
  "uuid.v4": CLEAN,
  "uuid.v7": CLEAN,
  "nanoid.nanoid": CLEAN,
};

/** Methods whose result is a number or boolean whatever the receiver holds. */
const CLEAN_METHODS = new Set([
  "includes", "startsWith", "endsWith", "test", "indexOf", "lastIndexOf", "search", "localeCompare", "charCodeAt",
  "codePointAt", "some", "every", "findIndex", "findLastIndex", "has", "isArray", "isInteger", "isSafeInteger",
  "existsSync", "isFile", "isDirectory", "isSymbolicLink", "getTime", "digest", "size", "exists",
  "isAbsolute", "hasOwnProperty", "hasOwn", "isValid", "isNaN", "isFinite", "toFixed", "getTimezoneOffset",
]);

/** node:crypto calls whose result is a digest, a derived key or random bytes: fixed-size output, whatever the input. */
const CRYPTO_OUTPUTS = new Set(["digest", "hash", "randomUUID", "randomBytes", "pbkdf2Sync", "scryptSync", "hkdfSync"]);

export function libraryModel(api: ApiRef): CallModel {
  const name = api.path.length ? `${api.module}.${api.path.join(".")}` : api.module;
  const direct = BY_NAME[name];
  if (direct) return direct;
  if (api.module === "global" && api.path[0] === "Math") return CLEAN;
  if (api.module === "crypto" && api.path.some((p) => CRYPTO_OUTPUTS.has(p))) return CLEAN;
  // includes/test/search... of strings and arrays; a library's own search() returns data.
  if ((api.module === "global" || api.module === "fs" || api.module === "path") && api.path.length && CLEAN_METHODS.has(api.path[api.path.length - 1] ?? "")) return CLEAN;
  if (api.module === "validator" || api.module === "is-ip" || api.module === "ipaddr.js") return CLEAN;
  // client.escapeLiteral(x), connection.escapeId(x), pool.escape(x) on a database driver's objects.
  if (/^(pg|mysql2?|mysql2\/promise|postgres)$/.test(api.module) && /^(escape|escapeId|escapeLiteral|escapeIdentifier)$/.test(api.path[api.path.length - 1] ?? "")) return { kind: "propagate", from: [0], mark: "sql-escaped" };
  // The entries of a folder are names on disk: the folder's path is not in them.
  if (FS_MODULES.has(api.module) && /^(readdir|readdirSync|opendir|opendirSync)$/.test(api.path[api.path.length - 1] ?? "")) return CLEAN;
  // A file's contents were written by whoever wrote the file, not by whoever named it: the path is not in them.
  if (FS_MODULES.has(api.module) && /^(readFile|readJson|readJSON)(Sync)?$/.test(api.path[api.path.length - 1] ?? "")) return CLEAN;
  // A token that decrypts or verifies under the server's key holds what the key holder wrote, not what the sender chose.
  if ((api.module === "jose" && /^(compact|flattened|general|jwt)(Decrypt|Verify)$/.test(api.path[api.path.length - 1] ?? "")) || (api.module === "jsonwebtoken" && api.path[api.path.length - 1] === "verify")) return CLEAN;
  // Rows a database driver returns are stored data: the parameters bound into the query are not in them.
  if (DATABASE_DRIVERS.test(api.module) && api.path.includes("#") && DATABASE_READS.has(api.path[api.path.length - 1] ?? "")) return CLEAN;
  // So are the results of an ORM's query builder (db.select().from(t).where(eq(t.id, id))): its sinks are its raw-SQL arguments.
  if (ORMS.test(api.module) && api.path.includes("#")) return CLEAN;
  // cache.get(key) on a library's cache or store: the key picks a stored value, the value does not hold the key.
  if (api.path.includes("#") && KEYED_READS.has(api.path[api.path.length - 1] ?? "") && !HTTP_CLIENTS.has(api.module)) return { kind: "propagate", from: ["receiver"] };
  // Unknown library calls pass their inputs through: recall over precision, sinks decide.
  return ALL;
}

/** Node's fs and its drop-in replacements (fs/promises is read as fs). */
export const FS_MODULES: ReadonlySet<string> = new Set(["fs", "fs-extra", "graceful-fs", "original-fs"]);
const DATABASE_DRIVERS = /^(better-sqlite3|sqlite3?|pg|mysql2?|mysql2\/promise|postgres|@libsql\/client|@neondatabase\/serverless|@vercel\/postgres)$/;
const ORMS = /^(drizzle-orm(\/.*)?|@prisma\/client|knex|kysely|typeorm|sequelize|mongoose|mongodb)$/;
const DATABASE_READS = new Set(["all", "get", "iterate", "run", "each", "query", "execute", "values", "raw"]);

/** Methods that read a keyed collection. */
const KEYED_READS = new Set(["get", "peek", "getItem"]);

/** Methods that register an event listener, which an emit of the event calls. */
export const LISTENER_METHODS: ReadonlySet<string> = new Set(["on", "once", "addListener", "prependListener"]);

/** Packages whose template tags only re-indent or re-flow the text (common-tags' stripIndent, dedent): the values stay in it. */
const TEXT_TAG_MODULES: ReadonlySet<string> = new Set(["common-tags", "dedent", "ts-dedent", "outdent", "endent", "dedent-js"]);

/** Whether a template tag returns the template's own text, values spliced in: `String.raw`, `stripIndent`, `dedent`. */
export function isTextTag(api: ApiRef | undefined): boolean {
  return !!api && (TEXT_TAG_MODULES.has(api.module) || (api.module === "global" && api.path.join(".") === "String.raw"));
}

/** Model of a method called on a value the resolver could not name (a string, an array, a parsed object, a pattern). */
export function methodModel(method: string, onPattern = false): CallModel {
  if (CLEAN_METHODS.has(method)) return CLEAN;
  // repo.findById(id) on a store the scan cannot see into: a stored record, as a database driver's rows are.
  if (RECORD_LOOKUPS.test(method)) return CLEAN;
  // /deploy (\S+)/.exec(text): the match is a piece of the text searched, not of the pattern.
  if (onPattern && method === "exec") return { kind: "propagate", from: [0], part: true };
  if (PART_METHODS.has(method)) return { kind: "propagate", from: ["receiver"], part: true };
  // replace(pattern, value): the pattern only says what to cut out, it never appears in the result.
  if (method === "replace" || method === "replaceAll") return { kind: "propagate", from: ["receiver", 1] };
  // schema.assert(input), schema.parse(input) on a validator the resolver lost track of: the input comes back, checked.
  if (VALIDATOR_METHODS.has(method)) return { kind: "propagate", from: ["receiver", 0] };
  return { kind: "propagate", from: ["receiver", ...(method === "concat" || method === "join" ? [0, 1] : [])] };
}

/** A data layer's record lookups (TypeORM, Prisma, Sequelize, Mongoose names); an array's find() returns its own element. */
const RECORD_LOOKUPS = /^find(One|Many|All|First|Unique|ById|ByIds|ByPk|OneBy|By[A-Z]\w*)(OrFail|OrThrow)?$/;

/** Methods of schema validators (zod, arktype, yup, valibot-style objects) that return the value they were given. */
const VALIDATOR_METHODS = new Set(["assert", "parse", "parseAsync", "validateSync", "cast"]);

/** Methods that return a piece of the receiver. */
const PART_METHODS = new Set(["slice", "substring", "substr", "split", "charAt", "at", "match", "exec", "pop", "shift"]);

/** Callback-taking methods whose callback's parameters hold the receiver's elements (index of that parameter). */
export const ELEMENT_CALLBACKS: Readonly<Record<string, number>> = {
  map: 0,
  forEach: 0,
  filter: 0,
  find: 0,
  findLast: 0,
  flatMap: 0,
  some: 0,
  every: 0,
  sort: 0,
  reduce: 1,
  reduceRight: 1,
  then: 0,
  on: 0,
  once: 0,
  addListener: 0,
};
