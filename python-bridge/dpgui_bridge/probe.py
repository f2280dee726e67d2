"""Runs a probe script (probes/) in a child interpreter with a timeout: a hang costs the timeout, never
the report. The child gets its own process group, killed whole when the time is up."""

import json
import os
import signal
import subprocess
import sys

PROBES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "probes")


class ProbeResult:
    def __init__(self, lines, timed_out, returncode, stderr):
        self.lines = lines
        self.timed_out = timed_out
        self.returncode = returncode
        self.stderr = stderr

    @property
    def stage(self):
        """The last step the probe announced: where it hung, when it did."""
        for line in reversed(self.lines):
            if "stage" in line:
                return line["stage"]
        return None

    def results(self):
        return [line for line in self.lines if "stage" not in line]

    def stderr_tail(self):
        tail = [l for l in self.stderr.strip().splitlines() if l.strip()]
        return tail[-1].strip() if tail else ""


def run_probe(name, args, timeout_s, cwd=None, python=None):
    command = [python or sys.executable, "-u", os.path.join(PROBES_DIR, name)] + list(args)
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        start_new_session=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            out, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # a grandchild that left the group holds the pipe
            proc.kill()
            out, err = b"", b""
    lines = []
    for raw in out.decode("utf-8", "replace").splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict):
            lines.append(line)
    return ProbeResult(lines, timed_out, proc.returncode, err.decode("utf-8", "replace"))
