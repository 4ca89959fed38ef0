import type { ts } from "ts-morph";
import type { Inventory } from "../rule-api/types.js";
import { nodeLocation } from "./ast/location.js";
import type { CapabilityIndex } from "./model/capabilities.js";
import type { McpModel } from "./model/mcp-model.js";
import { summarizeSchema } from "./model/schema-node.js";
import type { ScanProgram } from "./project/create-program.js";

/** The serialisable inventory: what the report shows and pull-request diffs compare. */
export function toInventory(model: McpModel, scan: ScanProgram, caps: CapabilityIndex): Inventory {
  const where = (n: ts.Node) => nodeLocation(n, scan.relativePath.get(n.getSourceFile()) ?? n.getSourceFile().fileName);
  return {
    servers: model.servers.map((s) => ({
      framework: s.framework,
      location: where(s.node),
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.version !== undefined ? { version: s.version } : {}),
      ...(s.instructions !== undefined ? { instructions: s.instructions } : {}),
    })),
    tools: model.tools.map((t) => ({
      name: t.name,
      ...(t.title !== undefined ? { title: t.title } : {}),
      description: t.description,
      framework: t.framework,
      location: where(t.node),
      ...(t.handler || t.dispatch ? { handler: where(t.dispatch ?? t.handler ?? t.node) } : {}),
      inputSchema: summarizeSchema(t.schema),
      annotations: t.annotations,
      capabilities: t.dispatch ? caps.of(t.dispatch) : t.handler ? caps.of(t.handler) : [],
    })),
    resources: model.resources.map((r) => ({ name: r.name, uri: r.uri, templated: r.templated, description: r.description, framework: r.framework, location: where(r.node) })),
    prompts: model.prompts.map((p) => ({ name: p.name, description: p.description, arguments: p.arguments, framework: p.framework, location: where(p.node) })),
    transports: model.transports.map((t) => ({
      kind: t.kind,
      location: where(t.node),
      options: t.options,
      ...(t.listen ? { listen: { host: t.listen.host, port: t.listen.port, location: where(t.listen.node) } } : {}),
      middleware: t.middleware,
    })),
  };
}
