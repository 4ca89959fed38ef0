/** The errno code of a file-system error (ENOENT, EACCES, ...), or its message when it has none. */
export function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === "string" ? code : error.message;
  }
  return String(error);
}
