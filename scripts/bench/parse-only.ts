import { ts } from "../../src/rule-api/ts.js";
import { loadTree } from "../../src/engine/load/load-tree.js";

// The floor a scan is measured against: the same files the scanner loads, parsed once by the TypeScript parser alone.
const root = process.argv[2];
if (!root) throw new Error("usage: parse-only.ts <root>");
const tree = await loadTree({ root });
const start = performance.now();
for (const file of tree.sources) ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ESNext, false);
process.stdout.write(JSON.stringify({ files: tree.sources.length, ms: performance.now() - start }));
