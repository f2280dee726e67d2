"""Torch and driver facts shared by `doctor` and `gpus`: the torch probe, nvidia-smi, CUDA versions."""

import re
import shutil
import subprocess

from .probe import run_probe


def probe_torch(timeout_s):
    """{"result": "ok"|"missing"|"import_failed"|"timeout", "torch": facts?, "message"?, "stage"?}"""
    result = run_probe("probe_torch.py", [], timeout_s)
    answers = result.results()
    if result.timed_out or not answers:
        answer = {"result": "timeout" if result.timed_out else "import_failed", "stage": result.stage}
        partial = next((l["partial"] for l in reversed(result.lines) if "partial" in l), None)
        if partial is not None:
            answer["torch"] = partial
        if not result.timed_out:
            answer["message"] = result.stderr_tail() or "the torch probe exited with status %s" % result.returncode
        return answer
    return answers[-1]


def cuda_version_tuple(text):
    match = re.match(r"\s*(\d+)\.(\d+)", str(text or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def nvidia_smi_facts(timeout_s=10):
    """Driver version and the highest CUDA version it supports, from plain `nvidia-smi`; None without it."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe], capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"error": "nvidia-smi did not answer within %d s" % timeout_s}
    except OSError as error:
        return {"error": "cannot run nvidia-smi: %s" % error}
    driver = re.search(r"Driver Version:\s*([0-9.]+)", proc.stdout)
    cuda = re.search(r"CUDA Version:\s*([0-9.]+)", proc.stdout)
    if proc.returncode != 0 or not driver:
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        return {"error": lines[0] if lines else "nvidia-smi exited with status %d" % proc.returncode}
    return {"driver_version": driver.group(1), "cuda_version": cuda.group(1) if cuda else None}


def gib(n):
    return "%.1f GiB" % (n / 1024.0**3)
