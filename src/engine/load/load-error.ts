/** The scan root cannot be read: a usage error the CLI reports with exit code 2. */
export class LoadError extends Error {
  override readonly name = "LoadError";

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot scan ${path}: ${reason}`);
  }
}
