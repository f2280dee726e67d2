"""The detached wrapper: owns a training's life from start to `exit.json`.

It runs in its own session as a child subreaper, starts the trainer in a process group of its own
in the environment the app gave it (tagged with DPGUI_JOB_ID), reaps every orphan of the tree, and
runs the stop ladder itself (SIGTERM to the group, grace, SIGKILL to the group and every process of
the tree) on SIGTERM or a `stop` file, so a stop completes even when the app is gone. `exit.json`
is written only when no process of the tree is left: the app's sign that the GPUs are free.
"""

import datetime
import fcntl
import json
import os
import select
import signal
import subprocess
import time

from . import procfs
from .atomic import append_json_line, write_json_atomic
from .watch import OutputWatcher

FORMAT = 1
TICK_S = 0.25
WATCH_EVERY_S = 1.0


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Wrapper:
    def __init__(self, opts, report_fd):
        self.opts = opts
        self.report_fd = report_fd
        self.run_dir = opts.run_dir
        self.events_path = os.path.join(self.run_dir, "events.jsonl")
        self.tag = ("DPGUI_JOB_ID=%s" % opts.job_id).encode()
        self.stop_by = None  # who asked for the stop, once someone did
        self.signal_stop = False
        self.trainer = None
        self.trainer_status = None
        self.ladder_deadline = None  # set while SIGTERM was sent and the grace runs
        self.escalated = False
        self.outlived = set()  # processes still alive after the trainer ended, that we killed

    # --- signals -------------------------------------------------------------------------------
    def _install_signals(self):
        self.wake_r, wake_w = os.pipe()
        for fd in (self.wake_r, wake_w):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        signal.set_wakeup_fd(wake_w)

        def on_stop(_signum, _frame):
            self.signal_stop = True

        signal.signal(signal.SIGTERM, on_stop)
        signal.signal(signal.SIGINT, on_stop)
        signal.signal(signal.SIGHUP, lambda *_: None)  # no terminal to hang up on; never die of it
        signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the loop

    def _sleep(self, seconds):
        try:
            if select.select([self.wake_r], [], [], seconds)[0]:
                os.read(self.wake_r, 4096)
        except InterruptedError:
            pass

    # --- start ---------------------------------------------------------------------------------
    def _report(self, obj):
        try:
            os.write(self.report_fd, json.dumps(obj).encode("utf-8"))
        except OSError:
            pass  # the parent is gone (killed with the app): the training goes on all the same
        finally:
            os.close(self.report_fd)

    def _start_trainer(self):
        env = self.opts.env  # launch.trainer_env: exactly what the app gave; the wrapper adds nothing
        out = os.open(os.path.join(self.run_dir, "stdout.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        err = os.open(os.path.join(self.run_dir, "stderr.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            # A group of its own: the stop signals the whole group, as a terminal's Ctrl-C would.
            return subprocess.Popen(
                self.opts.argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                cwd=self.opts.cwd,
                env=env,
                preexec_fn=os.setpgrp,
            )
        finally:
            os.close(out)
            os.close(err)

    def run(self):
        subreaper = procfs.make_child_subreaper()
        self._install_signals()
        self.started_at = iso_now()
        try:
            self.trainer = self._start_trainer()
        except OSError as error:
            self._report({"error": {"code": "spawn_failed", "message": "cannot start %s: %s" % (self.opts.argv[0], error)}})
            return 1
        pid = self.trainer.pid
        record = {
            "format": FORMAT,
            "job_id": self.opts.job_id,
            "run_dir": self.run_dir,
            "cwd": self.opts.cwd,
            "argv": list(self.opts.argv),
            "started_at": self.started_at,
            "grace_s": self.opts.grace,
            "watch": self.opts.watch,
            "wrapper": {"pid": os.getpid(), "start_time": procfs.start_time(os.getpid()), "boot_id": procfs.boot_id()},
            "trainer": {"pid": pid, "start_time": procfs.start_time(pid), "pgid": pid},
            "subreaper": subreaper,
        }
        write_json_atomic(os.path.join(self.run_dir, "launch.json"), record)
        self._report(record)
        return self._supervise()

    # --- supervise -----------------------------------------------------------------------------
    def _event(self, obj):
        try:
            obj = dict({"t": time.time()}, **obj)
            append_json_line(self.events_path, obj)
        except (OSError, ValueError):
            pass  # a full disk must not stop the supervision

    def _reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.trainer.pid:
                self.trainer_status = status
                self.trainer.returncode = os.waitstatus_to_exitcode(status)

    def _stop_file(self):
        try:
            with open(os.path.join(self.run_dir, "stop"), "rb") as f:
                return "stop_file:" + f.read(200).decode("utf-8", "replace").strip()
        except FileNotFoundError:
            return None
        except OSError:
            return "stop_file:"

    def _members(self):
        # While the trainer is unreaped its pid cannot be reused, so its group id is safe to match.
        pgid = self.trainer.pid if self.trainer_status is None else None
        members = procfs.tree_members(os.getpid(), pgid, self.tag)
        return members

    def _signal(self, members, sig):
        if self.trainer_status is None:
            try:
                os.killpg(self.trainer.pid, sig)
            except OSError:
                pass
        for pid, started in members.items():
            if sig == signal.SIGTERM and self.trainer_status is None and pid != self.trainer.pid:
                continue  # the group got it; a process that left the group waits for the SIGKILL
            if procfs.alive(pid, started):
                try:
                    os.kill(pid, sig)
                except OSError:
                    continue
                if self.trainer_status is not None:
                    self.outlived.add(pid)
        if sig == signal.SIGKILL:
            self.escalated = True

    def _begin_ladder(self, members):
        self._signal(members, signal.SIGTERM)
        self.ladder_deadline = time.monotonic() + self.opts.grace

    def _supervise(self):
        watcher = None
        try:
            watcher = OutputWatcher(self.opts.watch)
        except OSError:
            pass
        next_watch = time.monotonic() + WATCH_EVERY_S
        while True:
            self._reap()
            if self.stop_by is None:
                self.stop_by = "signal" if self.signal_stop else self._stop_file()
                if self.stop_by is not None and self.ladder_deadline is None:
                    self._begin_ladder(self._members())
            if self.trainer_status is not None or self.ladder_deadline is not None:
                members = self._members()
                if self.trainer_status is not None and not members:
                    break
                if self.ladder_deadline is None:
                    # The trainer ended on its own and left processes behind (GPU memory held).
                    self._begin_ladder(members)
                elif time.monotonic() >= self.ladder_deadline and members:
                    self._signal(members, signal.SIGKILL)
            now = time.monotonic()
            if watcher is not None and now >= next_watch:
                self._watch(watcher, final=False)
                next_watch = now + WATCH_EVERY_S
            self._sleep(0.1 if self.ladder_deadline is not None else TICK_S)
        if watcher is not None:
            self._watch(watcher, final=True)
        return self._finish()

    def _watch(self, watcher, final):
        try:
            for kind, path in watcher.poll(final=final):
                self._event({"type": kind, "path": path})
        except OSError:
            pass

    def _finish(self):
        status = self.trainer_status
        exit_code, sig = None, None
        if os.WIFSIGNALED(status):
            try:
                sig = signal.Signals(os.WTERMSIG(status)).name
            except ValueError:
                sig = "SIG%d" % os.WTERMSIG(status)
        else:
            exit_code = os.waitstatus_to_exitcode(status)
        write_json_atomic(
            os.path.join(self.run_dir, "exit.json"),
            {
                "format": FORMAT,
                "job_id": self.opts.job_id,
                "exit_code": exit_code,
                "signal": sig,
                "started_at": self.started_at,
                "ended_at": iso_now(),
                "stop_requested_by": self.stop_by,
                "escalated_to_sigkill": self.escalated,
                "descendants_killed": len(self.outlived),
            },
        )
        return 0
