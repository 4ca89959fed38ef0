/** Read-only views of the schemas the model parsed, for rules that judge how strict a tool's input is. */
export { isNarrowSchema, schemaAt, summarizeSchema, type SchemaNode } from "../engine/model/schema-node.js";
