/**
 * Names charts after the dataset a replay ran on, so a report of six replays has "Quality vs cost —
 * routellm-mmlu.csv.gz" in cost-quality-routellm-mmlu.svg rather than six "Quality vs cost" charts in
 * cost-quality-2…6.
 */
import { basename } from 'node:path';
import type { Chart } from '../inputs/types.ts';

/** The trace's file name, with the first words of a parenthetical the path carries ("x.csv (as a log)"). */
export function datasetLabel(path: string): string {
  const [file = path, note] = path.split(/ \((.*)\)$/);
  const head = note?.split(/[:,;]/)[0]?.trim();
  return head ? `${basename(file)} (${head})` : basename(file);
}

/** A file-safe kebab-case name of the dataset, without the data file's extensions. */
export function datasetSlug(path: string): string {
  const label = datasetLabel(path).replace(/(\.(csv|tsv|jsonl?|parquet|gz|zst|bz2))+(?= |$)/gi, '');
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'dataset';
}

/** One slug per path, `-2`, `-3`, … added where two replays share a dataset. */
export function distinctSlugs(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((p) => {
    const slug = datasetSlug(p);
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    return n === 1 ? slug : `${slug}-${n}`;
  });
}

/** The chart renamed `<name>-<slug>` (when a slug is given) and titled "<title> — <dataset>". */
export function forDataset(chart: Chart, label: string, slug: string | undefined): Chart {
  const spec = chart.spec as unknown as { title?: { text: string } };
  const title = `${chart.title} — ${label}`;
  return {
    ...chart,
    name: slug === undefined ? chart.name : `${chart.name}-${slug}`,
    title,
    spec: { ...chart.spec, ...(spec.title ? { title: { ...spec.title, text: title } } : {}) } as Chart['spec'],
  };
}
