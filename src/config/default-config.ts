import { DEFAULT_MAX_FILE_BYTES } from "../engine/load/file-size-limits.js";
import type { Config } from "./schema.js";

/** What a scan uses when no configuration file says otherwise. */
export const defaultConfig: Config = Object.freeze({
  rules: Object.freeze({}),
  exclude: Object.freeze([]),
  include: Object.freeze([]),
  failOn: "high",
  maxFileSize: DEFAULT_MAX_FILE_BYTES,
  attestations: Object.freeze({}),
  checklist: Object.freeze({ attestationMaxAgeDays: 365 }),
});
