/** Where internal errors ask to be reported. */
export const ISSUES_URL = "https://github.com/mcp-warden/mcp-warden/issues";
