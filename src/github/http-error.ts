/** The HTTP status of an Octokit RequestError, or undefined for anything else (network errors, bugs). */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

/** The response headers of an Octokit RequestError, lower-cased as Octokit gives them. */
export function errorHeaders(error: unknown): Record<string, string | number | undefined> {
  if (typeof error !== "object" || error === null || !("response" in error)) return {};
  const response = error.response;
  if (typeof response !== "object" || response === null || !("headers" in response)) return {};
  const headers = response.headers;
  return typeof headers === "object" && headers !== null ? (headers as Record<string, string | number | undefined>) : {};
}

/** GitHub's own message for a failed request ("Bad credentials", "Resource not accessible by integration"), else the error's message. */
export function errorMessage(error: unknown): string {
  if (typeof error === "object" && error !== null && "response" in error) {
    const data = (error.response as { data?: unknown } | undefined)?.data;
    if (typeof data === "object" && data !== null && "message" in data && typeof data.message === "string") return withDetails(data.message, "errors" in data ? data.errors : undefined);
  }
  return error instanceof Error ? error.message : String(error);
}

/** GitHub's 422s say what is wrong in `errors` (strings or objects with a message), not in `message`. */
function withDetails(message: string, errors: unknown): string {
  if (!Array.isArray(errors)) return message;
  const details = errors.map((e: unknown) => (typeof e === "string" ? e : typeof e === "object" && e !== null && "message" in e ? String(e.message) : "")).filter((d) => d !== "");
  return details.length === 0 ? message : `${message}: ${details.join("; ")}`;
}
