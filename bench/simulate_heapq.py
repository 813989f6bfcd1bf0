"""Reference DES for bench/simulate.ts: the same M/M/c model with Python's heapq.

Usage: python3 bench/simulate_heapq.py <requests> <providers> <servers> <lambda_per_s> <mu_per_s>
Poisson arrivals, each sent to a provider drawn uniformly, c servers per provider with a FIFO queue,
exponential service. Prints one JSON object: CPU seconds of the event loop, events, mean wait (s).
"""
import heapq
import json
import random
import sys
import time
from collections import deque

n, providers, servers = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
lam, mu = float(sys.argv[4]), float(sys.argv[5])
rng = random.Random(7)

t0 = time.process_time()
ARRIVAL, END = 0, 1
heap = []
seq = 0
busy = [0] * providers
queues = [deque() for _ in range(providers)]
arrival_at = [0.0] * n
wait_sum = 0.0
events = 0
t = 0.0
for r in range(n):
    heapq.heappush(heap, (t, seq, ARRIVAL, r))
    seq += 1
    t += rng.expovariate(lam)
where = [rng.randrange(providers) for _ in range(n)]
while heap:
    now, _, kind, r = heapq.heappop(heap)
    events += 1
    p = where[r]
    if kind == ARRIVAL:
        arrival_at[r] = now
        if busy[p] < servers:
            busy[p] += 1
            heapq.heappush(heap, (now + rng.expovariate(mu), seq, END, r))
            seq += 1
        else:
            queues[p].append(r)
    else:
        if queues[p]:
            nxt = queues[p].popleft()
            wait_sum += now - arrival_at[nxt]
            heapq.heappush(heap, (now + rng.expovariate(mu), seq, END, nxt))
            seq += 1
        else:
            busy[p] -= 1
cpu = time.process_time() - t0
print(json.dumps({"cpuS": cpu, "events": events, "meanWaitS": wait_sum / n}))
