/** Why the queue stopped a scan before it finished: the reason an AbortSignal carries. */
export class ScanStopped extends Error {
  override readonly name = "ScanStopped";

  constructor(
    readonly conclusion: "timed_out" | "cancelled",
    message: string,
  ) {
    super(message);
  }
}
