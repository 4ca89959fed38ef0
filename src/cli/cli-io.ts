/** What the CLI needs from its process, so tests can run it without one. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  isTTY: { stdout: boolean; stderr: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line are resolved against this folder. */
  cwd: string;
  /** All of standard input, for `--changed-from -`. */
  readStdin?(): Promise<string>;
}
