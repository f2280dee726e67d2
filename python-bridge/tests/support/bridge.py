"""Running the bridge as the app does: `python -m dpgui_bridge ...` with python-bridge/ on PYTHONPATH."""

import json
import os
import subprocess
import sys
import time

BRIDGE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(BRIDGE_DIR, "tests", "fixtures")
FAKE_ENV = os.path.join(FIXTURES, "fake_env")
FAKE_BIN = os.path.join(FIXTURES, "bin")
FAKE_TRAINER = os.path.join(FIXTURES, "trainers", "fake_trainer.py")
HOOK_DIR = os.path.join(BRIDGE_DIR, "dpgui_bridge", "hook")


def bridge_env(extra_path=(), **overrides):
    env = dict(os.environ)
    for key in ("RANK", "LOCAL_RANK", "DPGUI_JOB_ID", "DPGUI_EVENTS_FILE"):
        env.pop(key, None)
    env["PYTHONPATH"] = os.pathsep.join([BRIDGE_DIR] + list(extra_path))
    env.update(overrides)
    return env


def app_env(job_id, run_dir, path=()):
    """What the app sets for a trainer (child-environment.ts) and gives `launch --env-from-stdin`:
    the tag, the events file, and the hook folder first on PYTHONPATH."""
    return {
        "DPGUI_JOB_ID": job_id,
        "DPGUI_EVENTS_FILE": os.path.join(run_dir, "events.jsonl"),
        "PYTHONPATH": os.pathsep.join([HOOK_DIR] + list(path)),
    }


def run_bridge(args, env=None, timeout=60, cwd=None, stdin=None):
    """(exit status, the one JSON object printed, stderr). `stdin`: text written to its stdin."""
    proc = subprocess.run(
        [sys.executable, "-m", "dpgui_bridge"] + list(args),
        capture_output=True,
        text=True,
        env=env or bridge_env(),
        cwd=cwd or os.path.expanduser("~"),
        timeout=timeout,
        input=stdin,
    )
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, "expected one JSON line, got %r (stderr %r)" % (proc.stdout, proc.stderr)
    return proc.returncode, json.loads(lines[0]), proc.stderr


def wait_for(predicate, timeout=20.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_events(run_dir):
    try:
        with open(os.path.join(run_dir, "events.jsonl")) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []
