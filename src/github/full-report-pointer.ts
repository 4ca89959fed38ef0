/** Ends a text cut to fit GitHub's limits: where the whole report is. */
export function fullReportPointer(detailsUrl: string | undefined): string {
  return `_Cut short to fit GitHub's limit: the full report is in ${detailsUrl === undefined ? "the job summary" : `the [job summary](${detailsUrl})`} and the SARIF file._`;
}
