import { isBatchWorker, serveBatches } from "../engine/batch-worker.js";
import { run } from "./main.js";

// Started by a scan to analyse its batches, the bundle serves them instead of running the Action.
if (isBatchWorker()) serveBatches();
else await run();
