"""`doctor`: one report on whether this environment can train, each check ok | warn | fail with one
sentence a person can act on. Slow checks (imports) run in child interpreters with a timeout, side
by side; a check that hangs is reported with `"timed_out": true` and never holds up the report."""

import configparser
import os
import re
import shutil
import sys
import threading

from . import MIN_PYTHON
from .info import interpreter_info
from .options import parse_options
from .probe import run_probe
from .torch_facts import cuda_version_tuple, gib, nvidia_smi_facts, probe_torch

PACKAGES = ("accelerate", "deepspeed", "transformers", "diffusers", "safetensors", "bitsandbytes", "xformers")
SD_SCRIPTS = ("train_network.py", "sdxl_train_network.py", "sd3_train_network.py", "flux_train_network.py")
NEEDED_BY = {
    "sd-scripts": ("accelerate", "transformers", "diffusers", "safetensors"),
    "diffusion-pipe": ("deepspeed", "accelerate", "transformers", "diffusers", "safetensors", "bitsandbytes"),
}
DISK_WARN_BYTES = 20 * 1024**3
DISK_FAIL_BYTES = 2 * 1024**3


def check(check_id, status, message, **details):
    entry = {"id": check_id, "status": status, "message": message}
    entry.update(details)
    return entry


def _configure(parser):
    parser.add_argument("--sd-scripts", dest="sd_scripts")
    parser.add_argument("--diffusion-pipe", dest="diffusion_pipe")
    parser.add_argument("--output")
    parser.add_argument("--timeout", type=float, default=60.0)


# --- python --------------------------------------------------------------------------------------
def python_checks(info):
    supported = info["python_supported"]
    checks = [
        check(
            "python.version",
            "ok" if supported else "fail",
            "Python %s at %s." % (info["python"], info["executable"])
            if supported
            else "Python %s is too old: the trainers need %d.%d or newer; choose another interpreter."
            % ((info["python"],) + MIN_PYTHON),
            version=info["python"],
            executable=info["executable"],
        )
    ]
    conda = os.path.isdir(os.path.join(sys.prefix, "conda-meta"))
    if info["in_venv"] or conda:
        kind = "virtual environment" if info["in_venv"] else "conda environment"
        checks.append(check("python.environment", "ok", "Runs in the %s %s." % (kind, sys.prefix), prefix=sys.prefix))
    else:
        checks.append(
            check(
                "python.environment",
                "warn",
                "This is the system's Python, not a virtual environment: install the trainer's packages in a venv or conda environment and choose its python.",
                prefix=sys.prefix,
            )
        )
    return checks


# --- torch and the driver ------------------------------------------------------------------------
def torch_checks(answer, smi, timeout_s):
    checks = []
    result = answer["result"]
    facts = answer.get("torch")
    if result == "missing":
        checks.append(check("torch.import", "fail", "torch is not installed for %s: install the CUDA build of torch the trainer's guide names, in this environment." % sys.executable))
    elif result == "timeout":
        checks.append(
            check(
                "torch.import",
                "fail",
                "%s did not finish within %g s: run `%s -c \"import torch\"` by hand to see where it hangs (a network file system, a stuck GPU)."
                % (answer.get("stage") or "the torch check", timeout_s, sys.executable),
                timed_out=True,
                stage=answer.get("stage"),
            )
        )
    elif result != "ok":
        checks.append(check("torch.import", "fail", "torch is installed but does not import (%s): reinstall it in this environment." % answer.get("message", "unknown error")))
    else:
        build = facts["cuda_build"]
        checks.append(
            check(
                "torch.import",
                "ok",
                "torch %s, %s." % (facts["version"], "built for CUDA %s" % build if build else "a CPU-only build" if not facts.get("hip_build") else "built for ROCm %s" % facts["hip_build"]),
                version=facts["version"],
                cuda_build=build,
            )
        )
        checks.append(cuda_check(facts))
    checks.append(driver_check(facts if result == "ok" else None, smi))
    return checks


def cuda_check(facts):
    devices = facts["devices"]
    if not facts["cuda_build"] and not facts.get("hip_build"):
        return check("torch.cuda", "fail", "This torch (%s) is a CPU-only build: install a CUDA build of torch to train on the GPU." % facts["version"], available=False, devices=[])
    if not facts["cuda_available"]:
        visible = os.environ.get("CUDA_VISIBLE_DEVICES")
        hint = " (CUDA_VISIBLE_DEVICES=%r hides them)" % visible if visible is not None else ""
        return check(
            "torch.cuda",
            "fail",
            "torch is built for CUDA %s but sees no GPU%s: check that nvidia-smi lists the GPUs and that the driver is loaded." % (facts["cuda_build"], hint),
            available=False,
            devices=[],
        )
    if facts.get("cuda_error"):
        return check("torch.cuda", "warn", "torch sees CUDA but could not describe every GPU (%s)." % facts["cuda_error"], available=True, devices=devices)
    names = ", ".join("%s (%s)" % (d["name"], gib(d["total_memory"])) for d in devices)
    return check("torch.cuda", "ok", "torch sees %d GPU%s: %s." % (len(devices), "" if len(devices) == 1 else "s", names), available=True, devices=devices)


def driver_check(facts, smi):
    build = facts["cuda_build"] if facts else None
    if smi is None:
        status = "warn" if build else "ok"
        return check("nvidia.driver", status, "nvidia-smi was not found: install the NVIDIA driver (it brings nvidia-smi) or put it on PATH." if build else "nvidia-smi was not found; no NVIDIA driver is visible here.")
    if "error" in smi:
        return check("nvidia.driver", "fail", "nvidia-smi failed (%s): the NVIDIA driver is not working; reboot or reinstall the driver." % smi["error"])
    details = {"driver_version": smi["driver_version"], "driver_cuda": smi["cuda_version"], "cuda_build": build}
    driver_cuda, needed = cuda_version_tuple(smi["cuda_version"]), cuda_version_tuple(build)
    said = "Driver %s supports CUDA up to %s" % (smi["driver_version"], smi["cuda_version"])
    if needed is None or driver_cuda is None:
        return check("nvidia.driver", "ok", said + ".", **details)
    if driver_cuda[0] < needed[0]:
        return check("nvidia.driver", "fail", "%s, older than the CUDA %s this torch is built for: update the NVIDIA driver, or install a torch built for CUDA %s or older." % (said, build, smi["cuda_version"]), **details)
    if driver_cuda < needed:
        return check("nvidia.driver", "warn", "%s, older than the CUDA %s this torch is built for: it runs through CUDA minor-version compatibility, but some kernels may fail; update the driver if they do." % (said, build), **details)
    return check("nvidia.driver", "ok", "%s; this torch is built for CUDA %s." % (said, build), **details)


# --- packages ------------------------------------------------------------------------------------
def package_checks(result, needed_by, timeout_s):
    seen = {}
    for line in result.results():
        seen[line["name"]] = line
    hung = result.stage if result.timed_out else None
    checks = []
    for name in PACKAGES:
        users = [trainer for trainer, names in needed_by.items() if name in names]
        line = seen.get(name)
        if line is None:
            if hung == "import %s" % name:
                checks.append(check("package." + name, "fail", "Importing %s did not finish within %g s: run `%s -c \"import %s\"` by hand to see why." % (name, timeout_s, sys.executable, name), timed_out=True, version=None))
            else:
                checks.append(check("package." + name, "warn", "%s was not checked: an earlier import did not finish." % name, version=None))
        elif not line["present"]:
            if users:
                checks.append(check("package." + name, "fail", "%s is not installed, and %s needs it: install the trainer's requirements in this environment." % (name, " and ".join(users)), version=None))
            else:
                checks.append(check("package." + name, "ok", "%s is not installed (no trainer checked here needs it)." % name, version=None))
        elif not line["import_ok"]:
            checks.append(check("package." + name, "fail", "%s %s is installed but does not import (%s): reinstall it for this torch." % (name, line.get("version") or "", line.get("error")), version=line.get("version")))
        else:
            checks.append(check("package." + name, "ok", "%s %s." % (name, line["version"]), version=line["version"]))
    return checks


# --- trainer folders -----------------------------------------------------------------------------
def sd_scripts_checks(folder, result, timeout_s):
    if not os.path.isdir(folder):
        return [check("sd_scripts.folder", "fail", "The sd-scripts folder %s does not exist: choose the folder of your kohya-ss/sd-scripts clone." % folder)]
    if not os.path.isdir(os.path.join(folder, "library")):
        return [check("sd_scripts.folder", "fail", "%s has no library/ folder: it is not a kohya-ss/sd-scripts clone." % folder)]
    checks = [check("sd_scripts.folder", "ok", "sd-scripts at %s." % folder)]
    seen = {line["script"]: line for line in result.results()}
    for script in SD_SCRIPTS:
        line = seen.get(script)
        check_id = "sd_scripts." + script[:-3]
        if line is None:
            if result.timed_out and result.stage == "import %s" % script:
                checks.append(check(check_id, "fail", "Importing %s did not finish within %g s: run it by hand with --help to see where it hangs." % (script, timeout_s), timed_out=True))
            else:
                checks.append(check(check_id, "warn", "%s was not checked: %s" % (script, "an earlier check did not finish." if result.timed_out else result.stderr_tail() or "the check ended early.")))
        elif not line["exists"]:
            required = script == "train_network.py"
            checks.append(check(check_id, "fail" if required else "warn", "%s is missing from %s: %s" % (script, folder, "this is not a complete sd-scripts clone." if required else "update sd-scripts (git pull) to train this model family.")))
        elif not line["import_ok"]:
            missing = line.get("missing") or []
            hint = "install sd-scripts' requirements (pip install -r requirements.txt) in this environment" if missing else "update sd-scripts or the package it names"
            checks.append(check(check_id, "fail", "%s does not import (%s): %s." % (script, line.get("error"), hint), missing=missing))
        else:
            checks.append(check(check_id, "ok", "%s imports." % script))
    return checks


def diffusion_pipe_python(folder):
    """The Python version diffusion-pipe's README tells people to create their environment with."""
    try:
        with open(os.path.join(folder, "README.md"), encoding="utf-8", errors="replace") as f:
            match = re.search(r"python=(\d+)\.(\d+)", f.read())
    except OSError:
        return None
    return (int(match.group(1)), int(match.group(2))) if match else None


def diffusion_pipe_checks(folder):
    if not os.path.isdir(folder):
        return [check("diffusion_pipe.folder", "fail", "The diffusion-pipe folder %s does not exist: choose the folder of your tdrussell/diffusion-pipe clone." % folder)]
    checks = []
    if os.path.isfile(os.path.join(folder, "train.py")):
        checks.append(check("diffusion_pipe.train_py", "ok", "train.py found in %s." % folder))
    else:
        checks.append(check("diffusion_pipe.train_py", "fail", "%s has no train.py: it is not a diffusion-pipe clone." % folder))
    modules = configparser.ConfigParser()
    try:
        modules.read(os.path.join(folder, ".gitmodules"), encoding="utf-8")
    except configparser.Error:
        pass
    paths = [modules.get(s, "path") for s in modules.sections() if modules.has_option(s, "path")]
    empty = [p for p in paths if not os.path.isdir(os.path.join(folder, p)) or not os.listdir(os.path.join(folder, p))]
    if not paths:
        checks.append(check("diffusion_pipe.submodules", "warn", "No .gitmodules in %s: clone diffusion-pipe with git clone --recurse-submodules." % folder, empty=[]))
    elif empty:
        checks.append(check("diffusion_pipe.submodules", "fail", "%d of %d git submodules are empty (%s): run `git submodule update --init --recursive` in %s." % (len(empty), len(paths), ", ".join(empty), folder), empty=empty))
    else:
        checks.append(check("diffusion_pipe.submodules", "ok", "All %d git submodules are present." % len(paths), empty=[]))
    wanted = diffusion_pipe_python(folder)
    have = sys.version_info[:2]
    if wanted is None:
        checks.append(check("diffusion_pipe.python", "ok", "diffusion-pipe's README names no Python version; this is %d.%d." % have))
    elif have != wanted:
        checks.append(check("diffusion_pipe.python", "warn", "diffusion-pipe is set up with Python %d.%d and this is %d.%d: if packages fail to install or import, make an environment with Python %d.%d." % (wanted + have + wanted), wanted="%d.%d" % wanted))
    else:
        checks.append(check("diffusion_pipe.python", "ok", "Python %d.%d, as diffusion-pipe asks." % have, wanted="%d.%d" % wanted))
    return checks


# --- disk ----------------------------------------------------------------------------------------
def disk_check(output):
    target = os.path.abspath(output)
    existing = target
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    try:
        free = shutil.disk_usage(existing).free
    except OSError as error:
        return check("output.disk", "fail", "Cannot read the free space at %s: %s." % (existing, error.strerror))
    where = target if existing == target else "%s (to be created; measured at %s)" % (target, existing)
    if not os.access(existing, os.W_OK):
        return check("output.disk", "fail", "%s is not writable: choose an output folder you can write to." % existing, free_bytes=free)
    if free < DISK_FAIL_BYTES:
        return check("output.disk", "fail", "Only %s free at %s: free space or choose another output folder before training." % (gib(free), where), free_bytes=free)
    if free < DISK_WARN_BYTES:
        return check("output.disk", "warn", "%s free at %s: checkpoints and saved states may fill it; keep more free." % (gib(free), where), free_bytes=free)
    return check("output.disk", "ok", "%s free at %s." % (gib(free), where), free_bytes=free)


# --- the report ----------------------------------------------------------------------------------
def _in_parallel(jobs):
    results = {}

    def run(name, fn):
        results[name] = fn()

    threads = [threading.Thread(target=run, args=item) for item in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def doctor_report(opts):
    timeout_s = opts.timeout
    needed_by = {}
    if opts.sd_scripts:
        needed_by["sd-scripts"] = NEEDED_BY["sd-scripts"]
    if opts.diffusion_pipe:
        needed_by["diffusion-pipe"] = NEEDED_BY["diffusion-pipe"]
    jobs = {
        "torch": lambda: probe_torch(timeout_s),
        "smi": nvidia_smi_facts,
        "packages": lambda: run_probe("probe_packages.py", PACKAGES, timeout_s),
    }
    sd_folder = os.path.abspath(opts.sd_scripts) if opts.sd_scripts else None
    if sd_folder and os.path.isdir(os.path.join(sd_folder, "library")):
        jobs["sd_scripts"] = lambda: run_probe("probe_scripts.py", [sd_folder] + list(SD_SCRIPTS), timeout_s, cwd=sd_folder)
    probes = _in_parallel(jobs)
    info = interpreter_info()
    checks = python_checks(info)
    checks += torch_checks(probes["torch"], probes["smi"], timeout_s)
    checks += package_checks(probes["packages"], needed_by, timeout_s)
    if sd_folder:
        checks += sd_scripts_checks(sd_folder, probes.get("sd_scripts"), timeout_s)
    if opts.diffusion_pipe:
        checks += diffusion_pipe_checks(os.path.abspath(opts.diffusion_pipe))
    if opts.output:
        checks.append(disk_check(opts.output))
    summary = {status: sum(1 for c in checks if c["status"] == status) for status in ("ok", "warn", "fail")}
    return {
        "doctor": 1,
        "python": info,
        "ok": summary["fail"] == 0,
        "summary": summary,
        "checks": checks,
    }


def doctor_command(argv):
    opts = parse_options("doctor", argv, _configure)
    return doctor_report(opts)
