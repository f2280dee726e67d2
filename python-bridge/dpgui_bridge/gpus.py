"""`gpus`: the GPUs as this interpreter's torch sees them, with the CUDA_VISIBLE_DEVICES in force,
so the app can show where that differs from nvidia-smi."""

import os
import sys

from .errors import BridgeError
from .options import parse_options
from .torch_facts import probe_torch


def _configure(parser):
    parser.add_argument("--timeout", type=float, default=60.0)


def gpus_report(timeout_s):
    answer = probe_torch(timeout_s)
    result = answer["result"]
    if result == "missing":
        raise BridgeError("torch_missing", "torch is not installed for %s" % sys.executable)
    if result == "timeout":
        raise BridgeError("timeout", "%s did not finish within %g s" % (answer.get("stage") or "the torch probe", timeout_s))
    if result != "ok":
        raise BridgeError("torch_import_failed", "importing torch failed: %s" % answer.get("message", "unknown error"))
    facts = answer["torch"]
    report = {
        "python": sys.executable,
        "torch": facts["version"],
        "cuda_build": facts["cuda_build"],
        "cuda_available": facts["cuda_available"],
        "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
        "cuda_device_order": os.environ.get("CUDA_DEVICE_ORDER"),
        "gpus": facts["devices"],
    }
    if "cuda_error" in facts:
        report["cuda_error"] = facts["cuda_error"]
    return report


def gpus_command(argv):
    opts = parse_options("gpus", argv, _configure)
    return gpus_report(opts.timeout)
