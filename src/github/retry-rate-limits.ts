import type { getOctokit } from "@actions/github";
import { errorHeaders, httpStatus } from "./http-error.js";
import type { Logger } from "./github-client.js";

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** A limit that resets later than this is not waited for: the request fails instead. */
  maxWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  log: Logger;
}

/**
 * Retries requests GitHub refused for a rate limit (403 or 429 with `retry-after`, or `x-ratelimit-remaining: 0`),
 * waiting as told or backing off; any other failure is thrown at once.
 */
export function retryRateLimits(octokit: Pick<ReturnType<typeof getOctokit>, "hook">, options: RetryOptions): void {
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 60;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = rateLimitWait(error, attempt, now());
        if (wait === undefined || attempt >= maxRetries) throw error;
        if (wait > maxWait) {
          options.log.warning(`GitHub's rate limit resets in ${wait} s, longer than the ${maxWait} s mcp-warden waits`);
          throw error;
        }
        options.log.info(`GitHub rate limit on ${requestOptions.method} ${requestOptions.url}: retrying in ${wait} s (attempt ${attempt + 2} of ${maxRetries + 1})`);
        await sleep(wait * 1000);
      }
    }
  });
}

/** Seconds to wait before retrying, or undefined when the error is not a rate limit. */
export function rateLimitWait(error: unknown, attempt: number, nowMs: number): number | undefined {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = errorHeaders(error);
  const backOff = 2 ** attempt;
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(1, Math.ceil(retryAfter));
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    return Number.isFinite(reset) ? Math.max(1, Math.ceil(reset - nowMs / 1000)) : backOff;
  }
  // A 429 is always a rate limit; a bare 403 is a permission problem.
  return status === 429 ? backOff : undefined;
}
