import type { Capability, Inventory, SchemaField, SchemaSummary, ServerInfo, ToolInfo } from "../rule-api/types.js";

export interface TextChange<T> {
  item: T;
  before: string | null | undefined;
  after: string | null | undefined;
}

export interface SchemaChange {
  tool: ToolInfo;
  fieldsAdded: string[];
  fieldsRemoved: string[];
  fieldsChanged: string[];
  strictness?: { before: SchemaSummary["strictness"]; after: SchemaSummary["strictness"] };
}

/** How a pull request changes what the server offers a model. */
export interface InventoryChanges {
  added: ToolInfo[];
  removed: ToolInfo[];
  /** Changed tool descriptions: what the model is told a tool does, and so the way a "rug pull" happens. */
  descriptions: TextChange<ToolInfo>[];
  /** Changed server instructions, which the model reads like descriptions. */
  instructions: TextChange<ServerInfo>[];
  schemas: SchemaChange[];
  capabilities: { tool: ToolInfo; gained: Capability[] }[];
}

/** Compares the tools of the base and the head by name (tools with a name known only at run time cannot be compared). */
export function diffInventory(base: Inventory, head: Inventory): InventoryChanges {
  const before = byKey(base.tools, toolKey);
  const after = byKey(head.tools, toolKey);
  const changes: InventoryChanges = { added: [], removed: [], descriptions: [], instructions: [], schemas: [], capabilities: [] };
  for (const [key, tool] of after) {
    const old = before.get(key);
    if (old === undefined) {
      changes.added.push(tool);
      continue;
    }
    if ((old.description ?? null) !== (tool.description ?? null)) changes.descriptions.push({ item: tool, before: old.description, after: tool.description });
    const schema = schemaChange(tool, old.inputSchema, tool.inputSchema);
    if (schema) changes.schemas.push(schema);
    const gained = tool.capabilities.filter((c) => !old.capabilities.includes(c));
    if (gained.length > 0) changes.capabilities.push({ tool, gained });
  }
  for (const [key, tool] of before) if (!after.has(key)) changes.removed.push(tool);
  const serversBefore = byKey(base.servers, serverKey);
  for (const [key, server] of byKey(head.servers, serverKey)) {
    const old = serversBefore.get(key);
    if (old !== undefined && (old.instructions ?? null) !== (server.instructions ?? null)) changes.instructions.push({ item: server, before: old.instructions, after: server.instructions });
  }
  return changes;
}

/** True when nothing a model sees changed. */
export function isUnchanged(changes: InventoryChanges): boolean {
  return Object.values(changes).every((list: readonly unknown[]) => list.length === 0);
}

function toolKey(tool: ToolInfo): string | undefined {
  return tool.name ?? undefined;
}

function serverKey(server: ServerInfo): string {
  return `${server.framework}:${server.name ?? ""}`;
}

/** Items by key; a second item with the same key gets `#2`, so duplicates pair up in order. */
function byKey<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const base = key(item);
    if (base === undefined) continue;
    let name = base;
    for (let n = 2; map.has(name); n++) name = `${base}#${n}`;
    map.set(name, item);
  }
  return map;
}

function schemaChange(tool: ToolInfo, before: SchemaSummary, after: SchemaSummary): SchemaChange | undefined {
  const old = new Map(before.fields.map((f) => [f.name, f]));
  const now = new Map(after.fields.map((f) => [f.name, f]));
  const fieldsAdded = [...now.keys()].filter((name) => !old.has(name));
  const fieldsRemoved = [...old.keys()].filter((name) => !now.has(name));
  const fieldsChanged = [...now].filter(([name, field]) => {
    const was = old.get(name);
    return was !== undefined && fieldSignature(was) !== fieldSignature(field);
  }).map(([name]) => name);
  const strictness = before.strictness !== after.strictness ? { before: before.strictness, after: after.strictness } : undefined;
  if (fieldsAdded.length + fieldsRemoved.length + fieldsChanged.length === 0 && strictness === undefined) return undefined;
  return { tool, fieldsAdded, fieldsRemoved, fieldsChanged, ...(strictness ? { strictness } : {}) };
}

function fieldSignature(field: SchemaField): string {
  return JSON.stringify([field.type, field.optional, [...field.constraints].sort(), field.description ?? null]);
}
