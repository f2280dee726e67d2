"""A throwaway venv with the real tqdm and vermin, shared by the tests and `npm run bench`.

Made once under the cache dir (DPGUI_TEST_CACHE, else ~/.cache/dpgui-tests), guarded by a lock so
parallel runs do not build it twice. `python3 tool_venv.py` prints {"python": path} or {"error": why}.
"""

import fcntl
import json
import os
import subprocess
import sys

PACKAGES = ("tqdm==4.70.1", "vermin==1.9.2")
NAME = "bridge-tools-venv-1"


def cache_dir():
    return os.environ.get("DPGUI_TEST_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "dpgui-tests")


def ensure_tool_venv():
    """The venv's python, or raises RuntimeError saying why it cannot be had."""
    root = os.path.join(cache_dir(), NAME)
    python = os.path.join(root, "bin", "python")
    ready = os.path.join(root, ".ready")
    os.makedirs(cache_dir(), exist_ok=True)
    with open(root + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(ready):
            return python
        steps = [
            [sys.executable, "-m", "venv", "--clear", root],
            [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"] + list(PACKAGES),
        ]
        for step in steps:
            try:
                proc = subprocess.run(step, capture_output=True, text=True, timeout=300)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise RuntimeError("%s: %s" % (" ".join(step[:4]), error))
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["exit %d" % proc.returncode]
                raise RuntimeError("%s failed: %s" % (" ".join(step[:5]), tail[0]))
        open(ready, "w").close()
        return python


if __name__ == "__main__":
    try:
        print(json.dumps({"python": ensure_tool_venv()}))
    except RuntimeError as error:
        print(json.dumps({"error": str(error)}))
        sys.exit(1)
