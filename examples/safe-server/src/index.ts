import { execFile } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const API = "https://api.weather.example.com/v2";
const server = new McpServer({ name: "weather", version: "1.0.0" });

server.registerTool(
  "forecast",
  {
    description: "Get the forecast for a city",
    inputSchema: { city: z.string().max(100), days: z.number().int().min(1).max(7) },
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
  async ({ city, days }) => {
    const res = await fetch(`${API}/forecast?city=${encodeURIComponent(city)}&days=${days}`, { signal: AbortSignal.timeout(10_000) });
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

server.registerTool(
  "uptime",
  { description: "How long the host has been up", inputSchema: {}, annotations: { readOnlyHint: true } },
  async () => {
    const out = await new Promise<string>((resolve, reject) => execFile("uptime", [], { timeout: 5_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
    return { content: [{ type: "text", text: out }] };
  },
);

await server.connect(new StdioServerTransport());
