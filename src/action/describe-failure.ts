import { ConfigurationError } from "../config/index.js";
import { errorMessage, httpStatus } from "../github/http-error.js";
import { errorStack } from "../engine/error-stack.js";

/** The one line the step fails with: a user mistake, GitHub's answer, or a bug with its stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigurationError) return `mcp-warden: ${error.message}`;
  const status = httpStatus(error);
  if (status === 401) return `mcp-warden: GitHub refused the token (401 ${errorMessage(error)}): check the token input`;
  if (status === 403) return `mcp-warden: GitHub answered 403 (${errorMessage(error)}): the job needs the permissions checks: write and pull-requests: write`;
  if (status !== undefined) return `mcp-warden: GitHub answered ${status} (${errorMessage(error)})`;
  return `mcp-warden: ${errorStack(error)}`;
}
