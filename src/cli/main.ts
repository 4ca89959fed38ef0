import { RULES } from "../../rules/index.js";
import { ConfigurationError } from "../config/index.js";
import { LoadError } from "../engine/load/load-error.js";
import { VERSION } from "../engine/scan.js";
import type { CliIo } from "./cli-io.js";
import { formatRuleList } from "./format-rule-list.js";
import { BADGE_HELP, GENERAL_HELP, INIT_HELP, RULES_HELP, SCAN_HELP } from "./help-text.js";
import { ISSUES_URL } from "./issues-url.js";
import { parseCommandLine } from "./parse-command-line.js";
import { runBadge } from "./run-badge.js";
import { runInit } from "./run-init.js";
import { runScan } from "./run-scan.js";
import { UsageError } from "./usage-error.js";
import { errorStack } from "../engine/error-stack.js";

export type { CliIo } from "./cli-io.js";

const HELP = { general: GENERAL_HELP, scan: SCAN_HELP, rules: RULES_HELP, badge: BADGE_HELP, init: INIT_HELP } as const;

/** Runs one command line and returns the exit code: 0 clean, 1 findings, 2 usage or configuration error, 3 internal error. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommandLine(argv, RULES.map((rule) => rule.id));
    switch (command.kind) {
      case "help":
        io.stdout.write(HELP[command.topic]);
        return 0;
      case "version":
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case "rules":
        io.stdout.write(formatRuleList(RULES));
        return 0;
      case "scan":
        return await runScan(command.flags, io);
      case "badge":
        return await runBadge(command.flags, command.outDir, io);
      case "init":
        return await runInit(command.path, command.force, io, RULES.map((rule) => rule.id));
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigurationError || error instanceof LoadError) {
      io.stderr.write(`mcp-warden: ${error.message}\n`);
      return 2;
    }
    const detail = errorStack(error);
    io.stderr.write(`mcp-warden: internal error: ${detail}\nplease report this at ${ISSUES_URL}\n`);
    return 3;
  }
}
