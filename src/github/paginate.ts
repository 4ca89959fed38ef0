const PER_PAGE = 100;
// 3,000 items: GitHub's own cap on a pull request's files, and plenty for comments.
const MAX_PAGES = 30;

/** Collects a listing page by page until a short page, reading at most MAX_PAGES pages. */
export async function collectPages<T>(fetchPage: (page: number, perPage: number) => Promise<readonly T[]>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = await fetchPage(page, PER_PAGE);
    items.push(...batch);
    if (batch.length < PER_PAGE) break;
  }
  return items;
}
