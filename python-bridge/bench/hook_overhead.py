"""bench `bridge.hook_overhead`: a 1,000,000-iteration tight loop of real tqdm with the progress hook
installed (as the wrapper installs it) against the same loop without, runs interleaved.

`python3 hook_overhead.py PYTHON [--runs R] [--iterations N]` (PYTHON: an interpreter with tqdm)
prints one JSON object: the median of the per-pair ratios hooked/plain, per loop kind and overall.
The headline compares the process's CPU time (the hook's thread included), which a machine shared
with other work disturbs far less than wall time; the wall-time ratio is given beside it.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HOOK_DIR = os.path.join(os.path.dirname(HERE), "dpgui_bridge", "hook")
LOOP = os.path.join(HERE, "tqdm_loop.py")


def timed(python, iterations, mode, events):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DPGUI_EVENTS_FILE", "RANK", "LOCAL_RANK")}
    if events:
        env.update(PYTHONPATH=HOOK_DIR, DPGUI_EVENTS_FILE=events)
    out = subprocess.run([python, LOOP, str(iterations), mode], capture_output=True, text=True, env=env, check=True)
    answer = json.loads(out.stdout)
    return answer["cpu_seconds"], answer["seconds"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("python")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--iterations", type=int, default=1_000_000)
    args = parser.parse_args()
    result = {"iterations": args.iterations, "runs": args.runs}
    with tempfile.TemporaryDirectory() as folder:
        events = os.path.join(folder, "events.jsonl")
        for mode in ("update", "iter"):
            ratios, wall_ratios, plain, hooked = [], [], [], []
            for run in range(args.runs):
                # interleaved, and the order flips every run, so drift hits both sides alike
                if run % 2 == 0:
                    p = timed(args.python, args.iterations, mode, None)
                    h = timed(args.python, args.iterations, mode, events)
                else:
                    h = timed(args.python, args.iterations, mode, events)
                    p = timed(args.python, args.iterations, mode, None)
                plain.append(p[0])
                hooked.append(h[0])
                ratios.append(h[0] / p[0])
                wall_ratios.append(h[1] / p[1])
            result[mode] = {
                "ratio_median": statistics.median(ratios),
                "wall_ratio_median": statistics.median(wall_ratios),
                "plain_cpu_s_median": statistics.median(plain),
                "hooked_cpu_s_median": statistics.median(hooked),
            }
        with open(events) as f:
            lines = [json.loads(line) for line in f]
    result["ratio_median"] = max(result["update"]["ratio_median"], result["iter"]["ratio_median"])
    result["hook_lines_written"] = len(lines)
    result["hook_reported"] = any(line["type"] == "progress" for line in lines)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
