/**
 * Names of the files a report folder holds (report.html, report.md and each chart's .vl.json, .svg and
 * .png). A folder with anything else in it is not a report folder, and is never replaced as one.
 * Kept apart from write-report.ts so the CLI can check a --report folder without loading vega.
 */
export const REPORT_FILES = /^(report\.(html|md)|.+\.(vl\.json|svg|png))$/;
