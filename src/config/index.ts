export { applyRuleSeverities } from "./apply-rule-severities.js";
export { ConfigurationError, type ConfigurationProblem } from "./configuration-error.js";
export { defaultConfig } from "./default-config.js";
export { findConfigFile } from "./find-config-file.js";
export { loadConfig, type LoadConfigOptions } from "./load-config.js";
export { parseConfig } from "./parse-config.js";
export { CONFIG_FILE_NAMES, FAIL_ON_VALUES, RESERVED_KEYS, type Config, type FailOn, type RuleSetting } from "./schema.js";
export { selectRules } from "./select-rules.js";
