/** An error as a crash report shows it: its stack when it has one, else its message or value. */
export function errorStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
