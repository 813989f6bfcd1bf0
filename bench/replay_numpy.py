"""Fair NumPy anchors for bench/replay.ts: the same algorithms as routelab's hot paths, on the same arrays.

- static: always-<model> for every model at once = column means of quality and column totals of cost;
- oracle: per request, the best quality, ties to the cheapest (max, mask, argmin), then its quality and cost;
- sweep: "strong when score >= t" for every threshold at once = sort the thresholds, searchsorted each request's
  score, bincount the strong-minus-weak differences per bucket, cumsum from the top.

Usage: python3 bench/replay_numpy.py <dir>   (dir holds meta.json, quality.f64, cost.f64, score.f64, thresholds.f64)
Prints one JSON object: per anchor the best CPU seconds (process_time) and best wall seconds of 3 runs (NumPy runs
single-threaded here), the decisions it made and its result, for the TypeScript bench to compare.
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
    """Best CPU time and best wall time of `repeat` runs: the machine is shared."""
    cpu, wall, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        out = f()
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return cpu, wall, out


def static():
    return quality.mean(axis=0).tolist(), cost.sum(axis=0).tolist()


def oracle():
    best = quality.max(axis=1, keepdims=True)
    pick = np.where(quality == best, cost, np.inf).argmin(axis=1)
    rows = np.arange(R)
    return float(quality[rows, pick].mean()), float(cost[rows, pick].sum())


def sweep():
    qs, qw, cs, cw = quality[:, strong], quality[:, weak], cost[:, strong], cost[:, weak]
    order = np.sort(thresholds)
    P = len(order)
    # Bucket b: b thresholds <= score, so strong for sorted thresholds 0 ... b-1.
    b = np.searchsorted(order, score, side="right")
    dq = np.bincount(b, weights=qs - qw, minlength=P + 1)
    dc = np.bincount(b, weights=cs - cw, minlength=P + 1)
    n = np.bincount(b, minlength=P + 1)
    top = lambda x: np.cumsum(x[::-1])[::-1][1:]  # noqa: E731 - threshold j: buckets j+1 ... P
    q, c, strong_calls = qw.sum() + top(dq), cw.sum() + top(dc), top(n)
    at = np.searchsorted(order, thresholds, side="left")  # back to the given order
    return [(float(q[j] / R), float(c[j]), int(strong_calls[j])) for j in at]


out = {"numpy": np.__version__}
for name, f, decisions in [("static", static, R * M), ("oracle", oracle, R), ("sweep", sweep, R * len(thresholds))]:
    cpu, wall, result = best_of(f)
    out[name] = {"cpu": cpu, "wall": wall, "decisions": decisions, "result": result}
print(json.dumps(out))
