import { serveBatches } from "./batch-worker.js";

// A batch worker's entry when mcp-warden runs from source; a bundle starts itself, and its entry point serves instead.
serveBatches();
