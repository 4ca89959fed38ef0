import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { RULES } from "../../rules/index.js";
import { loadCatalogue } from "../checklist/catalogue.js";
import { ConfigurationError } from "./configuration-error.js";
import type { Config } from "./schema.js";
import { validateConfig, type Locate } from "./validate-config.js";

const RULE_IDS = RULES.map((rule) => rule.id);
const ITEM_IDS = loadCatalogue().map((item) => item.id);

/** Parses and validates the text of a `.mcp-warden.yml`; `sourceName` prefixes error messages. */
export function parseConfig(text: string, sourceName: string, ruleIds: readonly string[] = RULE_IDS): Config {
  const lineCounter = new LineCounter();
  // Warnings (unknown tags, collection keys) would go to the console; the validator reports what matters.
  const doc = parseDocument(text, { lineCounter, logLevel: "error" });
  const [syntaxError] = doc.errors;
  if (syntaxError !== undefined) {
    const line = syntaxError.linePos?.[0].line;
    // The yaml package's advice for this one (use parseAllDocuments) is meant for programmers, not the file's author.
    const multiple = syntaxError.code === "MULTIPLE_DOCS";
    throw new ConfigurationError({
      key: "YAML",
      value: line === undefined ? text : text.split(/\r?\n/)[line - 1],
      problem: multiple ? "a second document starts here" : firstLine(syntaxError.message),
      expected: multiple ? "a single YAML document" : "valid YAML",
      source: sourceName,
      line,
    });
  }
  return validateConfig(toPlainValue(doc, sourceName), ruleIds, sourceName, locator(doc, lineCounter), ITEM_IDS);
}

function toPlainValue(doc: Document, sourceName: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    // Unresolved or excessive aliases surface only when the document is converted.
    if (!(error instanceof Error)) throw error;
    throw new ConfigurationError({ key: "YAML", value: error.message, problem: firstLine(error.message), expected: "valid YAML", source: sourceName });
  }
}

/** Finds the line of the key (or list item) at a settings path, falling back to the nearest parent found. */
function locator(doc: Document, lineCounter: LineCounter): Locate {
  return (path) => {
    let node: unknown = doc.contents;
    let offset = startOf(node);
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment));
        if (pair === undefined) break;
        offset = startOf(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment];
        offset = startOf(node) ?? offset;
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
}

function startOf(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}

/** The yaml package ends messages with " at line L, column C:" and a code frame; the line goes in the prefix instead. */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
