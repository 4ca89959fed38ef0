import { run } from "probot";
import { ConfigurationError } from "../config/index.js";
import { createMcpWardenApp } from "./app.js";
import { readAppSettings, type AppSettings } from "./app-settings.js";
import { openScanStore } from "./scan-store.js";

// `npm run app`: Probot reads APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST and LOG_LEVEL itself.
let settings: AppSettings;
try {
  settings = readAppSettings(process.env);
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  // A bad setting is the operator's mistake: one line and exit code 2, as the CLI does.
  console.error(`mcp-warden: ${error.message}`);
  process.exit(2);
}
const store = openScanStore(settings.database);
const app = createMcpWardenApp({ settings, store });
const server = await run(app.appFn);

// Probot stops the server on SIGINT; containers stop with SIGTERM, which must also end the scan workers.
process.once("SIGTERM", () => {
  app.stop();
  void server.stop().finally(() => {
    store.close();
    process.exit(0);
  });
});
