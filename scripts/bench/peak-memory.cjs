// Preloaded into a measured process: on exit, writes its peak resident set size (bytes) to the file the bench names.
const fs = require("node:fs");
const out = process.env.MCP_WARDEN_BENCH_PEAK_FILE;
if (out) process.on("exit", () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
