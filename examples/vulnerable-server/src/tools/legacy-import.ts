// A half-finished importer that does not parse: mcp-warden reports it and scans the rest.
export function importNotes(files: string[] {
  return files.map((f) => f.trim());
}
