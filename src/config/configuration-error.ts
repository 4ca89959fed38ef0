import { describeValue } from "./describe-value.js";

export interface ConfigurationProblem {
  /** Where the value came from: a setting path (`rules.no-ssrf.severity`) or a command-line option (`--fail-on`). */
  key: string;
  value: unknown;
  /** What would have been accepted, e.g. `one of critical, high, medium, low`. */
  expected: string;
  /** What is wrong, when "<value> is not valid" would say too little. */
  problem?: string;
  /** The file the value was read from. */
  source?: string;
  line?: number;
}

/** A user mistake in the configuration or on the command line; the message is one line naming the key, the value and what was expected. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  readonly key: string;
  readonly value: unknown;
  readonly expected: string;
  readonly source: string | undefined;
  readonly line: number | undefined;

  constructor(problem: ConfigurationProblem) {
    const where = problem.source === undefined ? "" : `${problem.source}${problem.line === undefined ? "" : `:${problem.line}`}: `;
    const what = problem.problem ?? `${describeValue(problem.value)} is not valid`;
    super(oneLine(`${where}${problem.key}: ${what}; expected ${problem.expected}`));
    this.key = problem.key;
    this.value = problem.value;
    this.expected = problem.expected;
    this.source = problem.source;
    this.line = problem.line;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
