import { emitSdkEntry } from "./entry-sdk.js";
import { instructions, serviceImport, type Featured } from "./entry-parts.js";
import { emit, rel, type PackageContext } from "./package-context.js";
import type { Registration } from "./render-tools.js";
import { Imports, indent, pascal } from "./source.js";

/** Writes the entry point(s) of a package: server construction, resources, prompts and the transport. */
export function emitEntry(ctx: PackageContext, registrations: readonly Registration[], featured: Featured, version: string): void {
  switch (ctx.style) {
    case "sdk":
      return emitSdkEntry(ctx, registrations, featured, version);
    case "lowlevel":
      return emitLowlevel(ctx, registrations, version);
    case "fastmcp":
      return emitFastmcp(ctx, registrations, featured, version);
    case "framework":
      return emitFramework(ctx, featured, version);
  }
}

function emitLowlevel(ctx: PackageContext, registrations: readonly Registration[], version: string): void {
  const w = ctx.words;
  const imports = new Imports()
    .add("@modelcontextprotocol/sdk/server/index.js", "Server")
    .add("@modelcontextprotocol/sdk/server/stdio.js", "StdioServerTransport")
    .add("@modelcontextprotocol/sdk/types.js", "CallToolRequestSchema", "GetPromptRequestSchema", "ListPromptsRequestSchema", "ListResourcesRequestSchema", "ListToolsRequestSchema", "ReadResourceRequestSchema")
    .add(rel(ctx, "./lib/config"), "publicSettings")
    .add(rel(ctx, "./lib/errors"), "describeError")
    .add(rel(ctx, "./lib/results"), w.result, "errorResult")
    .add(rel(ctx, `./lib/logger`), w.logger);
  const lists: string[] = [];
  const cases: string[] = [];
  for (const r of registrations) {
    if (r.kind !== "dispatch") continue;
    imports.add(rel(ctx, `./${r.module}`), r.list, ...r.cases.flatMap((c) => [c.input, c.handler]));
    lists.push(`...${r.list}`);
    for (const c of r.cases) cases.push(`case "${c.tool}":`, `  return ${w.result}(await ${c.handler}(${c.input}.parse(args ?? {})));`);
  }
  const scheme = ctx.domain.key;
  const prompt = `${ctx.prefix}_daily_digest`;
  emit(
    ctx,
    "index",
    `#!/usr/bin/env node
${imports.render(ctx.lang)}

const SETTINGS_URI = "${scheme}://settings";

const server = new Server(
  { name: "${ctx.name}", version: "${version}" },
  { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: ${JSON.stringify(instructions(ctx))} },
);

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [${lists.join(", ")}],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;
  try {
    switch (name) {
${indent(cases, 3).join("\n")}
      default:
        return errorResult(\`unknown tool: \${name}\`);
    }
  } catch (error) {
    ${w.logger}.warn("tool failed", { tool: name, reason: describeError(error) });
    return errorResult(describeError(error));
  }
});

server.setRequestHandler(ListResourcesRequestSchema, async () => ({
  resources: [{ uri: SETTINGS_URI, name: "settings", description: "The server's non-secret settings", mimeType: "application/json" }],
}));

server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
  if (request.params.uri !== SETTINGS_URI) throw new Error("unknown resource");
  return { contents: [{ uri: SETTINGS_URI, mimeType: "application/json", text: JSON.stringify(publicSettings(), null, 2) }] };
});

server.setRequestHandler(ListPromptsRequestSchema, async () => ({
  prompts: [{ name: "${prompt}", description: "Summarize what changed in the ${ctx.domain.title} today" }],
}));

server.setRequestHandler(GetPromptRequestSchema, async (request) => {
  if (request.params.name !== "${prompt}") throw new Error(\`unknown prompt: \${request.params.name}\`);
  return {
    messages: [{ role: "user", content: { type: "text", text: "Summarize what changed in the ${ctx.domain.title} today, using the ${ctx.prefix} tools." } }],
  };
});

async function main()«: Promise<void>» {
  await server.connect(new StdioServerTransport());
  ${w.logger}.info("serving on stdio");
}

main().catch((error«: unknown») => {
  ${w.logger}.error("failed to start", { reason: describeError(error) });
  process.exit(1);
});
`,
  );
}

function emitFastmcp(ctx: PackageContext, registrations: readonly Registration[], { entity, service }: Featured, version: string): void {
  const imports = new Imports().add(rel(ctx, "./lib/config"), "publicSettings");
  serviceImport(ctx, imports, "./", service, service.get, service.format);
  const js = ctx.lang === "js";
  const calls: string[] = [];
  for (const r of registrations) {
    if (r.kind !== "call") continue;
    imports.add(rel(ctx, `./${r.module}`), r.name);
    calls.push(`${r.name}(${js ? "" : "mcp"});`);
  }
  const construct = `new FastMCP({\n  name: "${ctx.name}",\n  version: "${version}",\n  instructions: ${JSON.stringify(instructions(ctx))},\n});`;
  // In JavaScript the tool modules import the instance, so it lives in a module of its own.
  if (js) emit(ctx, "server", `import { FastMCP } from "fastmcp";\n\nexport const mcp = ${construct}\n`);
  if (js) imports.add(rel(ctx, "./server"), "mcp");
  else imports.add("fastmcp", "FastMCP");
  const scheme = ctx.domain.key;
  emit(
    ctx,
    "index",
    `#!/usr/bin/env node
${imports.render(ctx.lang)}
${js ? "" : `\nconst mcp = ${construct}\n`}
${calls.join("\n")}

mcp.addResource({
  uri: "${scheme}://settings",
  name: "Settings",
  mimeType: "application/json",
  async load() {
    return { text: JSON.stringify(publicSettings(), null, 2) };
  },
});

mcp.addResourceTemplate({
  uriTemplate: "${scheme}://${entity.plural}/{id}",
  name: "${pascal(entity.name)}",
  mimeType: "text/plain",
  arguments: [{ name: "id", description: "Id of the ${entity.name}", required: true }],
  async load({ id }) {
    return { text: ${service.format}(await ${service.get}(id)) };
  },
});

mcp.addPrompt({
  name: "${ctx.prefix}_review_${entity.plural}",
  description: "Review recent ${entity.plural}",
  arguments: [{ name: "focus", description: "What to pay attention to", required: false }],
  load: async ({ focus }) => \`Go through the recent ${entity.plural} and list the ones that need attention\${focus ? \`, paying attention to \${focus}\` : ""}.\`,
});

mcp.start({ transportType: "stdio" });
`,
  );
}

function emitFramework(ctx: PackageContext, { entity }: Featured, version: string): void {
  emit(
    ctx,
    "index",
    `import { MCPServer } from "mcp-framework";

// Tools, resources and prompts are discovered from their folders.
const server = new MCPServer({ name: "${ctx.name}", version: "${version}" });

await server.start();
`,
  );
  emit(
    ctx,
    "resources/SettingsResource",
    `import { MCPResource } from "mcp-framework";
import { publicSettings } from "../lib/config.js";

class SettingsResource extends MCPResource {
  uri = "${ctx.domain.key}://settings";
  name = "Settings";
  description = "The server's non-secret settings";
  mimeType = "application/json";

  async read() {
    return [{ uri: this.uri, mimeType: this.mimeType, text: JSON.stringify(publicSettings(), null, 2) }];
  }
}

export default SettingsResource;
`,
  );
  emit(
    ctx,
    "prompts/ReviewPrompt",
    `import { MCPPrompt } from "mcp-framework";
import { z } from "zod";

interface ReviewInput {
  focus?: string;
}

class ReviewPrompt extends MCPPrompt<ReviewInput> {
  name = "${ctx.prefix}_review_${entity.plural}";
  description = "Review recent ${entity.plural}";
  schema = {
    focus: { type: z.string().max(200).optional(), description: "What to pay attention to", required: false },
  };

  async generateMessages({ focus }: ReviewInput) {
    const extra = focus ? \`, paying attention to \${focus}\` : "";
    return [{ role: "user", content: { type: "text", text: \`Go through the recent ${entity.plural} and list the ones that need attention\${extra}.\` } }];
  }
}

export default ReviewPrompt;
`,
  );
}
