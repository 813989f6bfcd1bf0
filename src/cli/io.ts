import { writeFileAtomic, toJson } from '../core/atomic-write.ts';

/** Writes JSON to a file (atomically) or to stdout when `target` is `-`, as every `--json` flag does. */
export async function writeJsonTarget(target: string, value: unknown): Promise<void> {
  const text = toJson(value);
  if (target === '-') process.stdout.write(text);
  else await writeFileAtomic(target, text);
}

/** Human output goes to stderr when stdout carries JSON (`--json -`), so pipes stay parseable. */
export function humanStream(jsonTarget: string | undefined): NodeJS.WriteStream {
  return jsonTarget === '-' ? process.stderr : process.stdout;
}
