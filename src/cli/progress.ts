import cliProgress from 'cli-progress';

/** A progress callback `(done, total)`: a bar on an interactive stderr, nothing otherwise (CI, pipes). */
export interface Progress {
  /** `extra` is shown after the counts, e.g. "1,234,567 rows · 312 MB". */
  update(done: number, total: number, extra?: string): void;
  stop(): void;
}

export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY || process.env.CI) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}{extra}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, extra) {
      const payload = { extra: extra ? ` | ${extra}` : '' };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
