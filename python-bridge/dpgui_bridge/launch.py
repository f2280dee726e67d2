"""`launch`: start a training that outlives the app, and say at once whether it started.

`python -m dpgui_bridge launch --run-dir DIR --job-id ID [--grace S] [--watch DIR]... [--cwd DIR]
[--env-from-stdin] -- ARGV...`

The trainer's environment is the launch's own, plus (with --env-from-stdin) the variables of the
JSON object read from stdin — what the app wrote into command.txt. Nothing else is added: the app
sets the tag (DPGUI_JOB_ID, which must name --job-id), the events file and the hook's PYTHONPATH.

The process forks. The parent checks what it can before (run folder, executable), waits for the
detached child's first word through a pipe (the launch record, or why the trainer did not start),
prints it and exits: nothing but that one short-lived pipe ever ties the app to the training. The
child becomes the wrapper (wrapper.py): its own session, stdin/stdout/stderr on /dev/null, no
inherited descriptors.
"""

import json
import os
import select
import shutil
import sys
import time
import traceback

from .errors import BridgeError
from .options import parse_options

# How long the parent waits for the child to report the trainer's start.
REPORT_TIMEOUT_S = 30.0
# Left from an earlier launch in the same run folder, they would stop or end this one at once.
STALE_FILES = ("stop", "exit.json")


def _configure(parser):
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--job-id", required=True)
    parser.add_argument("--grace", type=float, default=15.0)
    parser.add_argument("--watch", action="append", default=[])
    parser.add_argument("--cwd", default=None)
    parser.add_argument("--env-from-stdin", action="store_true")


def parse_launch_args(argv):
    if "--" not in argv:
        raise BridgeError("usage", "launch needs the trainer's command after --")
    split = argv.index("--")
    opts = parse_options("launch", argv[:split], _configure)
    opts.argv = argv[split + 1 :]
    if not opts.argv:
        raise BridgeError("usage", "launch needs the trainer's command after --")
    if not opts.job_id or "\0" in opts.job_id or "=" in opts.job_id:
        raise BridgeError("usage", "--job-id must be a non-empty word without '='")
    if opts.grace < 0:
        raise BridgeError("usage", "--grace must not be negative")
    opts.run_dir = os.path.abspath(opts.run_dir)
    opts.cwd = os.path.abspath(opts.cwd) if opts.cwd else os.getcwd()
    opts.watch = [os.path.abspath(w) for w in opts.watch]
    return opts


def read_env(stream):
    """The variables the app sets for the trainer: a JSON object of strings."""
    try:
        env = json.loads(stream.read())
    except ValueError as error:
        raise BridgeError("usage", "--env-from-stdin needs a JSON object on stdin: %s" % error)
    if not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        raise BridgeError("usage", "--env-from-stdin needs a JSON object of strings on stdin")
    return env


def trainer_env(app_env, base=None):
    """The trainer's environment: the one we were started in, plus what the app set; nothing else."""
    env = dict(os.environ if base is None else base)
    env.update(app_env)
    return env


def resolve_executable(program, cwd, path_env):
    """The file that exec would run for argv[0], or None."""
    if "/" in program:
        candidate = os.path.join(cwd, program)
        return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
    return shutil.which(program, path=path_env)


def check_launch(opts):
    if not os.path.isdir(opts.run_dir):
        raise BridgeError("run_dir_missing", "the run folder %s does not exist" % opts.run_dir)
    probe = os.path.join(opts.run_dir, ".dpgui-write-test-%d" % os.getpid())
    try:
        with open(probe, "w"):
            pass
        os.unlink(probe)
    except OSError as error:
        raise BridgeError("run_dir_not_writable", "cannot write in the run folder %s: %s" % (opts.run_dir, error.strerror))
    if not os.path.isdir(opts.cwd):
        raise BridgeError("cwd_missing", "the working folder %s does not exist" % opts.cwd)
    env = opts.env
    # Without its tag the stop ladder could not find a process that left the trainer's group.
    if env.get("DPGUI_JOB_ID") != opts.job_id:
        raise BridgeError("usage", "the trainer's environment must carry DPGUI_JOB_ID=%s (--job-id)" % opts.job_id)
    if resolve_executable(opts.argv[0], opts.cwd, env.get("PATH", os.defpath)) is None:
        raise BridgeError(
            "executable_not_found",
            "%s is not an executable file (looked in %s)"
            % (opts.argv[0], opts.cwd if "/" in opts.argv[0] else "PATH"),
        )
    for name in STALE_FILES:
        try:
            os.unlink(os.path.join(opts.run_dir, name))
        except FileNotFoundError:
            pass


def _read_report(fd, timeout_s):
    chunks, deadline = [], time.monotonic() + timeout_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise BridgeError("spawn_failed", "the wrapper did not report within %d s" % timeout_s)
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    data = b"".join(chunks)
    try:
        report = json.loads(data.decode("utf-8"))
    except ValueError:
        raise BridgeError("spawn_failed", "the wrapper ended before the trainer started")
    if "error" in report:
        raise BridgeError(report["error"]["code"], report["error"]["message"])
    return report


def _detach_stdio_and_fds(keep_fd):
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd != keep_fd:
            try:
                os.close(fd)
            except OSError:
                pass


def _become_wrapper(opts, report_fd):
    """The child side of the fork; never returns."""
    code = 1
    try:
        os.setsid()
        _detach_stdio_and_fds(report_fd)
        sys.stdout = sys.stderr = open(os.devnull, "w")
        from .wrapper import Wrapper

        code = Wrapper(opts, report_fd).run()
    except BaseException:
        try:
            with open(os.path.join(opts.run_dir, "wrapper.log"), "a") as log:
                log.write(traceback.format_exc())
        except BaseException:
            pass
    finally:
        os._exit(code)


def launch_command(argv):
    opts = parse_launch_args(argv)
    opts.env = trainer_env(read_env(sys.stdin) if opts.env_from_stdin else {})
    check_launch(opts)
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _become_wrapper(opts, write_fd)
    os.close(write_fd)
    return _read_report(read_fd, REPORT_TIMEOUT_S)
