"""One timed tight loop of tqdm: `tqdm_loop.py N iter|update` prints {"seconds": wall, "cpu_seconds": process CPU time}."""

import json
import os
import sys
import time

from tqdm import tqdm

n, mode = int(sys.argv[1]), sys.argv[2]
sink = open(os.devnull, "w")
started, cpu_started = time.perf_counter(), time.process_time()
if mode == "iter":
    for _ in tqdm(range(n), file=sink, desc="steps"):
        pass
else:  # sd-scripts' way: a bar with a total, update(1) each step
    bar = tqdm(total=n, file=sink, desc="steps")
    for _ in range(n):
        bar.update(1)
    bar.close()
print(json.dumps({"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu_started}))
