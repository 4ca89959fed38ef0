import * as core from "@actions/core";
import * as github from "@actions/github";
import { pluralize } from "../reporters/pluralize.js";
import { describeFailure } from "./describe-failure.js";
import { readEvent } from "./event.js";
import { readInputs } from "./inputs.js";
import { writeJobSummary } from "./job-summary.js";
import { scanForEvent } from "./scan-for-event.js";
import { writeArtifacts } from "./write-artifacts.js";

/** The Action: review the pull request or check the commit; write SARIF, badge, job summary and outputs; fail per fail-on. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const outcome = await scanForEvent(inputs, readEvent(github.context));
    if (outcome.notice) core.warning(outcome.notice);
    for (const error of outcome.report.errors.filter((e) => e.kind === "internal")) core.warning(`mcp-warden internal error, please report it: ${error.message.split("\n")[0] ?? ""}`);
    const files = await writeArtifacts(outcome.report, process.env.GITHUB_WORKSPACE || process.cwd(), inputs.sarifFile, inputs.badge);
    await writeJobSummary(outcome.jobSummary);
    const compliance = outcome.report.compliance;
    core.setOutput("findings", outcome.counted);
    core.setOutput("score", compliance?.score ?? "");
    core.setOutput("grade", compliance?.grade ?? "");
    core.setOutput("sarif-file", files.sarif);
    core.setOutput("badge-file", files.badge ?? "");
    core.info(`${pluralize(outcome.counted, "finding")} in ${outcome.scope}; checklist grade ${compliance?.grade ?? "unknown"}; SARIF written to ${files.sarif}`);
    if (outcome.failed) core.setFailed(`mcp-warden: findings at or above fail-on "${outcome.failOn}" remain (${pluralize(outcome.counted, "finding")} in ${outcome.scope})`);
  } catch (error) {
    core.setFailed(describeFailure(error));
  }
}
