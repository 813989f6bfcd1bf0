"""scikit-learn reference for bench/learn-vs-sklearn.ts: TF-IDF (word 1-2-grams) + LogisticRegression per model.

Usage: python3 bench/learn_sklearn.py <split.jsonl> <out-probabilities.f64>
Each input line is {"s": "train"|"calibration"|"test", "p": prompt, "y": [..M], "m": [..M]} (m = 1 where the
label is known). Fits on the train rows only, scores the test rows; prints one JSON object with wall and CPU
seconds, peak RSS and per-model held-out AUC, and writes the test probabilities (row-major [test x M], NaN
where unknown) for the TypeScript side to compute routing metrics on the same requests.
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

rows = [json.loads(line) for line in open(sys.argv[1])]
M = len(rows[0]["y"])
train = [r for r in rows if r["s"] == "train"]
test = [r for r in rows if r["s"] == "test"]

wall, cpu = time.perf_counter(), time.process_time()
vec = TfidfVectorizer(ngram_range=(1, 2))
x_train = vec.fit_transform([r["p"] for r in train])
t_vec = time.perf_counter() - wall
y = np.array([r["y"] for r in train])
mask = np.array([r["m"] for r in train]) > 0
heads = []
for m in range(M):
    target = y[mask[:, m], m] >= 0.5
    if target.min() == target.max():  # one class only: a constant predictor
        heads.append(float(target.mean()) if len(target) else 0.5)
        continue
    lr = LogisticRegression(max_iter=1000)
    lr.fit(x_train[mask[:, m]], target)
    heads.append(lr)
fit_wall, fit_cpu = time.perf_counter() - wall, time.process_time() - cpu
x_test = vec.transform([r["p"] for r in test])
prob = np.full((len(test), M), np.nan)
for m, lr in enumerate(heads):
    prob[:, m] = lr if isinstance(lr, float) else lr.predict_proba(x_test)[:, 1]
total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
prob.astype(np.float64).tofile(sys.argv[2])

yt = np.array([r["y"] for r in test])
mt = np.array([r["m"] for r in test]) > 0
def auc_of(m):
    t = yt[mt[:, m], m] >= 0.5
    return float(roc_auc_score(t, prob[mt[:, m], m])) if 0 < t.sum() < len(t) else None


auc = [auc_of(m) for m in range(M)]
print(
    json.dumps(
        {
            "vectorizeWallS": t_vec,
            "fitWallS": fit_wall,
            "fitCpuS": fit_cpu,
            "totalWallS": total_wall,
            "totalCpuS": total_cpu,
            "features": int(x_train.shape[1]),
            "nnzPerRow": x_train.nnz / max(1, x_train.shape[0]),
            "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "auc": auc,
        }
    )
)
