"""NumPy reference for bench/replay.ts: always-<model>, oracle and a threshold sweep on the same arrays.

Usage: python3 bench/replay_numpy.py <dir>   (dir holds meta.json, quality.f64, cost.f64, score.f64, thresholds.f64)
Prints one JSON object with timings (CPU seconds; NumPy runs single-threaded here) and results, for the TypeScript bench to compare.
"""
import json
import sys
import time

import numpy as np

d = sys.argv[1]
meta = json.load(open(f"{d}/meta.json"))
R, M = meta["requests"], meta["models"]
quality = np.fromfile(f"{d}/quality.f64", dtype=np.float64).reshape(R, M)
cost = np.fromfile(f"{d}/cost.f64", dtype=np.float64).reshape(R, M)
score = np.fromfile(f"{d}/score.f64", dtype=np.float64)
thresholds = np.fromfile(f"{d}/thresholds.f64", dtype=np.float64)
strong, weak = meta["strong"], meta["weak"]


def best_of(f, repeat=3):
    """Best CPU time (process_time) of `repeat` runs: the machine is shared, CPU time is the fairer clock."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.process_time()
        out = f()
        best = min(best, time.process_time() - t)
    return best, out


def always():
    return [(float(quality[:, m].mean()), float(cost[:, m].sum())) for m in range(M)]


def oracle():
    # Best quality, then cheapest: lexsort's last key is primary.
    order = np.lexsort((cost, -quality), axis=1)[:, 0]
    rows = np.arange(R)
    return float(quality[rows, order].mean()), float(cost[rows, order].sum())


def sweep():
    qs, qw, cs, cw = quality[:, strong], quality[:, weak], cost[:, strong], cost[:, weak]
    out = []
    for t in thresholds:
        mask = score >= t
        out.append((float(np.where(mask, qs, qw).mean()), float(np.where(mask, cs, cw).sum())))
    return out


t_always, r_always = best_of(always)
t_oracle, r_oracle = best_of(oracle)
t_sweep, r_sweep = best_of(sweep)
print(json.dumps({
    "numpy": np.__version__,
    "always": {"seconds": t_always, "decisions": R * M, "result": r_always},
    "oracle": {"seconds": t_oracle, "decisions": R, "result": r_oracle},
    "sweep": {"seconds": t_sweep, "decisions": R * len(thresholds), "result": r_sweep},
}))
