import type { Inventory } from "../rule-api/types.js";
import { nodeLocation } from "./ast/location.js";
import { CapabilityIndex } from "./model/capabilities.js";
import type { McpModel } from "./model/mcp-model.js";
import { summarizeSchema } from "./model/schema-node.js";
import type { UnitProgram } from "./project/create-program.js";
import { ValueResolver } from "./resolve/value-resolver.js";

/** The serialisable inventory of a unit's own files: what the report and pull-request diffs show. */
export function toInventory(model: McpModel, unit: UnitProgram): Inventory {
  const own = new Set(unit.ownFiles);
  const isOwn = (n: { getSourceFile(): import("ts-morph").ts.SourceFile }) => own.has(n.getSourceFile());
  const where = (n: import("ts-morph").ts.Node) => nodeLocation(n, unit.relativePath.get(n.getSourceFile()) ?? n.getSourceFile().fileName);
  const caps = new CapabilityIndex(new ValueResolver(unit.program, unit.checker));
  return {
    servers: model.servers.filter((s) => isOwn(s.node)).map((s) => ({
      framework: s.framework,
      location: where(s.node),
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.version !== undefined ? { version: s.version } : {}),
      ...(s.instructions !== undefined ? { instructions: s.instructions } : {}),
    })),
    tools: model.tools.filter((t) => isOwn(t.node)).map((t) => ({
      name: t.name,
      ...(t.title !== undefined ? { title: t.title } : {}),
      description: t.description,
      framework: t.framework,
      location: where(t.node),
      ...(t.handler || t.dispatch ? { handler: where(t.dispatch ?? t.handler ?? t.node) } : {}),
      inputSchema: summarizeSchema(t.schema),
      annotations: t.annotations,
      capabilities: t.handler ? caps.of(t.handler) : [],
    })),
    resources: model.resources.filter((r) => isOwn(r.node)).map((r) => ({ name: r.name, uri: r.uri, templated: r.templated, description: r.description, framework: r.framework, location: where(r.node) })),
    prompts: model.prompts.filter((p) => isOwn(p.node)).map((p) => ({ name: p.name, description: p.description, arguments: p.arguments, framework: p.framework, location: where(p.node) })),
    transports: model.transports.filter((t) => isOwn(t.node)).map((t) => ({
      kind: t.kind,
      location: where(t.node),
      options: t.options,
      ...(t.listen ? { listen: { host: t.listen.host, port: t.listen.port, location: where(t.listen.node) } } : {}),
      middleware: t.middleware,
    })),
  };
}
