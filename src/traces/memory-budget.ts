/** Bytes as "312 MB" (decimal megabytes, as --max-memory takes them). */
export function formatMb(bytes: number): string {
  return `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;
}
