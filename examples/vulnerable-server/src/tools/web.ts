export async function fetchPage(url: string): Promise<string> {
  const res = await fetch(url, { headers: { "user-agent": "notes-mcp" } });
  return (await res.text()).slice(0, 20_000);
}
