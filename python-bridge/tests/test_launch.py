import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from dpgui_bridge import procfs
from tests.support.bridge import (
    FAKE_ENV,
    FAKE_TRAINER,
    HOOK_DIR,
    app_env,
    bridge_env,
    read_events,
    read_json,
    run_bridge,
    wait_for,
)
from tests.support.tool_venv import ensure_tool_venv

GRACE = 0.5


class LaunchCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dpgui-launch-")
        self.run_dir = os.path.join(self.tmp, "run")
        os.mkdir(self.run_dir)
        self.pids = []
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for pid in self.pids:  # never leave a test's processes behind, whatever failed
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def launch(self, trainer_args=(), python=sys.executable, grace=GRACE, watch=(), job="job-1", path=(FAKE_ENV,), command=None):
        args = ["launch", "--run-dir", self.run_dir, "--job-id", job, "--grace", str(grace), "--env-from-stdin"]
        for folder in watch:
            args += ["--watch", folder]
        args += ["--"] + (command or [python, FAKE_TRAINER]) + list(trainer_args)
        started = time.monotonic()
        # As the app starts it: the wrapper with python-bridge importable, the trainer's variables on stdin.
        code, record, _ = run_bridge(args, env=bridge_env(), stdin=json.dumps(app_env(job, self.run_dir, path)))
        self.launch_seconds = time.monotonic() - started
        self.assertEqual(code, 0, record)
        self.pids += [record["wrapper"]["pid"], record["trainer"]["pid"]]
        return record

    def path(self, name):
        return os.path.join(self.run_dir, name)

    def wait_exit(self, timeout=20):
        exit_record = wait_for(lambda: read_json(self.path("exit.json")), timeout=timeout)
        self.assertIsNotNone(exit_record, "no exit.json; wrapper.log: %s" % self.log("wrapper.log"))
        return exit_record

    def log(self, name):
        try:
            with open(self.path(name), newline="") as f:  # raw: tqdm's \r stays \r
                return f.read()
        except FileNotFoundError:
            return ""

    def pids_in_log(self, word):
        pids = [int(line.split()[1]) for line in self.log("stdout.log").splitlines() if line.startswith(word + " ")]
        self.pids += pids
        return pids


class LaunchTest(LaunchCase):
    def test_the_parent_answers_at_once_and_the_training_runs_to_its_end(self):
        record = self.launch(["--steps", "6", "--step-s", "0.15"])
        self.assertLess(self.launch_seconds, 5)
        self.assertTrue(procfs.alive(record["trainer"]["pid"]), "the launch returned only after the trainer ended")
        self.assertEqual(read_json(self.path("launch.json")), record)
        self.assertEqual(record["format"], 1)
        self.assertEqual(record["trainer"]["pgid"], record["trainer"]["pid"])
        self.assertEqual(record["trainer"]["start_time"], procfs.start_time(record["trainer"]["pid"]))
        self.assertEqual(record["wrapper"]["boot_id"], procfs.boot_id())
        exit_record = self.wait_exit()
        self.assertEqual((exit_record["exit_code"], exit_record["signal"]), (0, None))
        self.assertIsNone(exit_record["stop_requested_by"])
        self.assertFalse(exit_record["escalated_to_sigkill"])
        stdout = self.log("stdout.log")
        self.assertIn("job job-1 pid %d" % record["trainer"]["pid"], stdout)
        self.assertTrue(stdout.endswith("done\n"))
        stderr = self.log("stderr.log")
        self.assertIn("\rsteps: 6/6", stderr)
        self.assertTrue(stderr.endswith("stderr end\n"))
        self.assertNotIn("done", stderr)

    def test_the_wrapper_is_detached_from_the_app(self):
        record = self.launch(["--steps", "20", "--step-s", "0.1"])
        wrapper = record["wrapper"]["pid"]
        self.assertEqual(os.getsid(wrapper), wrapper)  # a session of its own
        for fd in (0, 1, 2):
            self.assertEqual(os.readlink("/proc/%d/fd/%d" % (wrapper, fd)), os.devnull)
        fds = {os.readlink("/proc/%d/fd/%s" % (wrapper, fd)) for fd in os.listdir("/proc/%d/fd" % wrapper)}
        self.assertFalse([f for f in fds if f.startswith("socket:")], fds)
        with open("/proc/%d/status" % wrapper) as f:
            self.assertNotIn("PPid:\t%d\n" % os.getpid(), f.read())
        os.kill(wrapper, signal.SIGTERM)
        self.wait_exit()

    def test_errors_are_one_json_line_and_a_non_zero_status(self):
        cases = [
            (["--run-dir", os.path.join(self.tmp, "nope"), "--job-id", "j", "--", sys.executable], "run_dir_missing"),
            (["--run-dir", self.run_dir, "--job-id", "j", "--", "no-such-trainer-xyz"], "executable_not_found"),
            (["--run-dir", self.run_dir, "--job-id", "j", "--", "./train.sh"], "executable_not_found"),
            (["--run-dir", self.run_dir, "--job-id", "j"], "usage"),
            (["--run-dir", self.run_dir, "--", sys.executable], "usage"),
            (["--run-dir", self.run_dir, "--job-id", "j", "--grace", "soon", "--", sys.executable], "usage"),
        ]
        for args, code in cases:
            with self.subTest(code=code, args=args):
                status, answer, stderr = run_bridge(
                    ["launch", "--env-from-stdin"] + args, stdin=json.dumps(app_env("j", self.run_dir))
                )
                self.assertNotEqual(status, 0)
                self.assertEqual(answer["error"]["code"], code, answer)
                self.assertEqual(stderr, "")
        self.assertEqual(os.listdir(self.run_dir), [])

    def test_a_trainer_that_cannot_be_executed_is_a_spawn_failure(self):
        script = os.path.join(self.tmp, "train.sh")
        with open(script, "w") as f:
            f.write("#!/nonexistent/interpreter\n")
        os.chmod(script, 0o755)
        status, answer, _ = run_bridge(
            ["launch", "--run-dir", self.run_dir, "--job-id", "j", "--env-from-stdin", "--", script],
            stdin=json.dumps(app_env("j", self.run_dir)),
        )
        self.assertEqual((status, answer["error"]["code"]), (1, "spawn_failed"))
        self.assertIn(script, answer["error"]["message"])
        self.assertFalse(os.path.exists(self.path("launch.json")))

    @unittest.skipUnless(shutil.which("setpriv") and os.geteuid() == 0, "needs root and setpriv to drop privileges")
    def test_a_run_folder_the_user_cannot_write_is_refused(self):
        os.chmod(self.tmp, 0o755)
        os.chmod(self.run_dir, 0o755)  # root's, read-only for nobody
        bridge_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        proc = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "dpgui_bridge",
             "launch", "--run-dir", self.run_dir, "--job-id", "j", "--", "/bin/true"],
            capture_output=True, text=True, env=bridge_env(), cwd="/", timeout=30,
        )
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('"run_dir_not_writable"', proc.stdout, (proc.stdout, proc.stderr, bridge_dir))

    def test_a_stale_stop_file_from_an_earlier_launch_does_not_stop_this_one(self):
        with open(self.path("stop"), "w") as f:
            f.write("user")
        self.launch(["--steps", "3", "--step-s", "0.05"])
        self.assertIsNone(self.wait_exit()["stop_requested_by"])


class EnvironmentTest(LaunchCase):
    DUMP = "import json, os, sys\nwith open(sys.argv[1], 'w') as f: json.dump(dict(os.environ), f)"

    def test_the_trainer_gets_the_launch_environment_plus_what_the_app_set_and_nothing_else(self):
        dump = self.path("environ.json")
        given = dict(app_env("job-env", self.run_dir, ["/user/lib"]), HF_HOME="/data/hf home", COLUMNS="250")
        launch_env = bridge_env(USER_THING="kept", COLUMNS="80")
        code, record, _ = run_bridge(
            ["launch", "--run-dir", self.run_dir, "--job-id", "job-env", "--env-from-stdin", "--",
             sys.executable, "-c", self.DUMP, dump],
            env=launch_env,
            stdin=json.dumps(given),
        )
        self.assertEqual(code, 0, record)
        self.pids += [record["wrapper"]["pid"], record["trainer"]["pid"]]
        self.assertEqual(self.wait_exit()["exit_code"], 0, self.log("stderr.log"))
        seen = read_json(dump)
        expected = dict(launch_env)
        expected.update(given)
        self.assertEqual(seen, expected)
        self.assertEqual(seen["PYTHONPATH"].split(os.pathsep), [HOOK_DIR, "/user/lib"])

    def test_a_launch_without_the_job_tag_or_with_a_bad_environment_is_refused(self):
        cases = [
            ("{}", "DPGUI_JOB_ID"),
            (json.dumps(app_env("another-job", self.run_dir)), "DPGUI_JOB_ID"),
            ("not json", "JSON"),
            (json.dumps({"PORT": 1}), "strings"),
        ]
        for stdin, said in cases:
            with self.subTest(stdin=stdin):
                status, answer, _ = run_bridge(
                    ["launch", "--run-dir", self.run_dir, "--job-id", "j", "--env-from-stdin", "--", sys.executable],
                    stdin=stdin,
                )
                self.assertNotEqual(status, 0)
                self.assertEqual(answer["error"]["code"], "usage", answer)
                self.assertIn(said, answer["error"]["message"])
        self.assertFalse(os.path.exists(self.path("launch.json")))


class StopTest(LaunchCase):
    def test_sigterm_to_the_wrapper_ends_the_trainer_and_its_grandchild(self):
        record = self.launch(["--steps", "200", "--step-s", "0.1", "--grandchild"])
        grandchild = wait_for(lambda: self.pids_in_log("grandchild"))[0]
        started = time.monotonic()
        os.kill(record["wrapper"]["pid"], signal.SIGTERM)
        exit_record = self.wait_exit()
        self.assertLess(time.monotonic() - started, GRACE + 2)
        self.assertEqual(exit_record["signal"], "SIGTERM")
        self.assertIsNone(exit_record["exit_code"])
        self.assertEqual(exit_record["stop_requested_by"], "signal")
        self.assertFalse(exit_record["escalated_to_sigkill"])
        for pid in (record["trainer"]["pid"], grandchild):
            self.assertFalse(procfs.alive(pid), pid)
        self.assertTrue(wait_for(lambda: not procfs.alive(record["wrapper"]["pid"]), timeout=5))

    def test_a_trainer_that_ignores_sigterm_is_killed_after_the_grace_period(self):
        record = self.launch(["--steps", "200", "--step-s", "0.1", "--ignore-term"])
        wait_for(lambda: "pid" in self.log("stdout.log"))
        started = time.monotonic()
        os.kill(record["wrapper"]["pid"], signal.SIGTERM)
        time.sleep(GRACE / 2)
        self.assertTrue(procfs.alive(record["trainer"]["pid"]), "killed before the grace period ended")
        exit_record = self.wait_exit()
        self.assertGreaterEqual(time.monotonic() - started, GRACE)
        self.assertEqual(exit_record["signal"], "SIGKILL")
        self.assertTrue(exit_record["escalated_to_sigkill"])
        self.assertFalse(procfs.alive(record["trainer"]["pid"]))

    def test_a_grandchild_that_left_the_group_is_found_and_killed(self):
        record = self.launch(["--steps", "200", "--step-s", "0.1", "--setsid-grandchild"])
        grandchild = wait_for(lambda: self.pids_in_log("grandchild"))[0]
        self.assertNotEqual(os.getpgid(grandchild), record["trainer"]["pgid"])
        with open(self.path("stop"), "w") as f:
            f.write("user\n")
        exit_record = self.wait_exit()
        self.assertEqual(exit_record["stop_requested_by"], "stop_file:user")
        self.assertFalse(procfs.alive(grandchild))
        self.assertTrue(exit_record["escalated_to_sigkill"])
        self.assertEqual(exit_record["descendants_killed"], 1)

    def test_exit_json_appears_only_after_the_last_process_of_the_tree_is_gone(self):
        # The trainer ends on its own, leaving an orphan in a session of its own that ignores SIGTERM.
        record = self.launch(["--steps", "2", "--step-s", "0.05", "--orphan"], grace=1.0)
        orphan = wait_for(lambda: self.pids_in_log("orphan"))[0]
        seen_alive_without_exit = False
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            has_exit = os.path.exists(self.path("exit.json"))
            alive = procfs.alive(orphan)
            if has_exit:
                self.assertFalse(alive, "exit.json was written while the orphan still ran")
                break
            seen_alive_without_exit = seen_alive_without_exit or (alive and not procfs.alive(record["trainer"]["pid"]))
            time.sleep(0.01)
        self.assertTrue(seen_alive_without_exit, "the orphan never outlived the trainer")
        exit_record = self.wait_exit()
        self.assertEqual(exit_record["exit_code"], 0)
        self.assertIsNone(exit_record["stop_requested_by"])
        self.assertEqual(exit_record["descendants_killed"], 1)
        self.assertTrue(exit_record["escalated_to_sigkill"])

    def test_killing_the_app_that_launched_it_changes_nothing_for_the_training(self):
        app = textwrap.dedent(
            """
            import subprocess, sys, time
            proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
            print(proc.stdout.strip(), flush=True)
            time.sleep(300)
            """
        )
        command = [sys.executable, "-c", app, sys.executable, "-m", "dpgui_bridge", "launch", "--run-dir", self.run_dir,
                   "--job-id", "job-2", "--grace", str(GRACE), "--", sys.executable, FAKE_TRAINER, "--steps", "8", "--step-s", "0.15"]
        # Without --env-from-stdin the trainer gets the launch's own environment, tag included.
        env = bridge_env([FAKE_ENV], DPGUI_JOB_ID="job-2")
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, start_new_session=True)
        self.pids.append(proc.pid)
        record = json.loads(proc.stdout.readline())
        self.pids += [record["wrapper"]["pid"], record["trainer"]["pid"]]
        os.killpg(proc.pid, signal.SIGKILL)  # the app and everything in its group, as a crash or tree-kill would
        proc.wait()
        proc.stdout.close()
        self.assertTrue(procfs.alive(record["trainer"]["pid"]))
        exit_record = self.wait_exit()
        self.assertEqual((exit_record["exit_code"], exit_record["stop_requested_by"]), (0, None))
        self.assertTrue(self.log("stdout.log").endswith("done\n"))
        self.assertIn("\rsteps: 8/8", self.log("stderr.log"))


class EventsTest(LaunchCase):
    def check_events(self, record, watch):
        exit_record = self.wait_exit()
        self.assertEqual(exit_record["exit_code"], 0, self.log("stderr.log"))
        events = read_events(self.run_dir)
        self.assertEqual(events[0]["type"], "started", events)
        self.assertEqual(events[0]["pid"], record["trainer"]["pid"])
        self.assertEqual(events[0]["rank"], 0)
        times = [e["t"] for e in events]
        self.assertEqual(times, sorted(times))
        progress = [e for e in events if e["type"] == "progress"]
        caching = [e for e in progress if e["bar"]["desc"] == "caching latents"]
        steps = [e for e in progress if e["bar"]["desc"] == "steps"]
        self.assertTrue(caching and steps, progress)
        self.assertEqual({e["bar"]["id"] for e in caching} & {e["bar"]["id"] for e in steps}, set())
        self.assertEqual(len({e["bar"]["id"] for e in steps}), 1)
        self.assertLess(progress.index(caching[-1]), progress.index(steps[0]))
        self.assertEqual((caching[-1]["n"], caching[-1]["total"]), (3, 3))
        self.assertEqual([e["n"] for e in steps], sorted(e["n"] for e in steps))
        self.assertEqual((steps[-1]["n"], steps[-1]["total"], steps[-1]["unit"]), (6, 6, "it"))
        last_for_n = {e["n"]: e for e in steps}
        self.assertEqual(sorted(last_for_n), list(range(7)) if 0 in last_for_n else list(range(1, 7)))
        for n in range(1, 7):  # each step's own loss, full precision, not tqdm's 3-digit string
            self.assertEqual(last_for_n[n]["postfix"], {"avr_loss": round(1.0 / n, 6)}, steps)
        self.assertGreater(steps[-1]["elapsed"], 0.6)
        self.assertGreater(steps[-1]["rate"], 0)
        saved = [(e["type"], e["path"]) for e in events if e["type"] in ("checkpoint_saved", "sample_saved")]
        self.assertEqual(
            sorted(saved),
            [("checkpoint_saved", os.path.join(watch, "model-step00000002.safetensors")),
             ("sample_saved", os.path.join(watch, "sample", "model_000002_00.png"))],
        )
        self.assertFalse([e for e in events if e["type"] == "hook_error"], events)

    def test_only_rank_zero_of_a_launched_tree_reports(self):
        launcher = os.path.join(os.path.dirname(FAKE_TRAINER), "accelerate")
        record = self.launch(
            ["launch", "--num_processes", "2", FAKE_TRAINER, "--steps", "3", "--step-s", "0.1"],
            command=[sys.executable, launcher],
        )
        self.assertEqual(self.wait_exit()["exit_code"], 0)
        ranks = {}
        for line in self.log("stdout.log").splitlines():
            if line.startswith("job "):
                words = line.split()
                ranks[words[-1]] = int(words[3])
        self.assertEqual(sorted(ranks), ["0", "1"])
        events = read_events(self.run_dir)
        started = [e for e in events if e["type"] == "started"]
        self.assertEqual([e["pid"] for e in started], [ranks["0"]])  # not the launcher, not rank 1
        self.assertNotIn(record["trainer"]["pid"], [e["pid"] for e in started])
        final = [e for e in events if e["type"] == "progress" and e["bar"]["desc"] == "steps" and e["n"] == 3]
        self.assertTrue(final)
        totals = {e["total"] for e in events if e["type"] == "progress" and e["bar"]["desc"] == "steps"}
        self.assertEqual(totals, {3})  # rank 1's bar has 5 steps: not reported

    def test_bars_checkpoints_and_samples_arrive_as_events_with_fake_tqdm(self):
        watch = os.path.join(self.tmp, "output")
        os.mkdir(watch)
        with open(os.path.join(watch, "old.safetensors"), "wb"):
            pass  # there before the launch: not news
        record = self.launch(["--steps", "6", "--step-s", "0.15", "--watch", watch], watch=[watch])
        self.check_events(record, watch)

    def test_the_same_with_real_tqdm(self):
        try:
            python = ensure_tool_venv()
        except RuntimeError as error:
            print("\nskipped: no venv with real tqdm: %s" % error, file=sys.stderr)
            self.skipTest("no venv with real tqdm: %s" % error)
        watch = os.path.join(self.tmp, "output")
        os.mkdir(watch)
        record = self.launch(["--steps", "6", "--step-s", "0.15", "--watch", watch], python=python, watch=[watch], path=())
        self.check_events(record, watch)
        self.assertIn("steps: 100%|", self.log("stderr.log"))


if __name__ == "__main__":
    unittest.main()
