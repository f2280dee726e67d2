import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

from tests.support.bridge import FAKE_ENV, HOOK_DIR, bridge_env, read_events

sys.path.insert(0, HOOK_DIR)
import dpgui_progress_hook as hook  # noqa: E402

sys.path.remove(HOOK_DIR)


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Bar:
    """The attributes of a tqdm bar that the reporter reads."""

    def __init__(self, desc="steps", total=10):
        self.desc, self.total, self.n, self.unit, self.postfix, self.disable = desc, total, 0, "it", None, False
        self.start_t = 100.0


def reporter():
    lines = []
    clock = Clock()
    r = hook.Reporter(lambda line: lines.append(json.loads(line)), clock=clock, wall=clock, use_thread=False)
    return r, lines, clock


class ReporterTest(unittest.TestCase):
    def test_redraws_inside_the_window_are_written_when_it_ends_so_each_step_keeps_its_loss(self):
        r, lines, clock = reporter()
        bar = Bar()
        for step in range(1, 4):  # sd-scripts: update(1) redraws, then set_postfix redraws 0.1 ms later
            clock.now += 1.0
            bar.n = step
            r.on_refresh(bar)
            bar.postfix = "avr_loss=%.3g" % (1.0 / step)
            r.on_postfix(bar, None, {"avr_loss": 1.0 / step})
            clock.now += 0.0001
            r.on_refresh(bar)
            self.assertEqual(len(lines), 2 * step - 1)  # held back, not dropped
            clock.now += 0.1
            r.flush_due(clock.now)
            self.assertEqual(lines[-1]["n"], step)
            self.assertEqual(lines[-1]["postfix"], {"avr_loss": 1.0 / step})
        self.assertEqual(len(lines), 6)

    def test_a_late_flusher_loses_no_step_and_keeps_the_pace(self):
        r, lines, clock = reporter()
        bar = Bar()
        for step in range(1, 6):  # the flusher never runs in time: a loaded machine
            clock.now += 0.5
            bar.n = step
            r.on_refresh(bar)
            bar.postfix = "avr_loss=%.3g" % (1.0 / step)
            r.on_postfix(bar, None, {"avr_loss": 1.0 / step})
            clock.now += 0.0001
            r.on_refresh(bar)
        r.on_close(bar)
        last_for_n = {}
        for line in lines:
            last_for_n[line["n"]] = line["postfix"]
        self.assertEqual(last_for_n, {n: {"avr_loss": 1.0 / n} for n in range(1, 6)})
        gaps = [b["t"] - a["t"] for a, b in zip(lines[:-1], lines[1:-1])]
        self.assertGreaterEqual(min(gaps), 0.1 - 1e-9)

    def test_a_fast_bar_is_throttled_to_ten_lines_a_second(self):
        r, lines, clock = reporter()
        bar = Bar(total=None)
        for step in range(10000):  # 10,000 redraws in 1 s
            clock.now += 0.0001
            bar.n = step
            r.on_refresh(bar)
            r.flush_due(clock.now)
        self.assertLessEqual(len(lines), 11)
        self.assertGreaterEqual(len(lines), 9)
        gaps = [b["t"] - a["t"] for a, b in zip(lines, lines[1:])]
        self.assertGreaterEqual(min(gaps), 0.1 - 1e-9)

    def test_close_writes_the_final_state_at_once_with_the_average_rate(self):
        r, lines, clock = reporter()
        bar = Bar(desc="caching latents", total=4)
        clock.now = 101.95
        r.on_refresh(bar)
        bar.n = 4
        clock.now = 102.0
        r.on_refresh(bar)  # inside the window: pending
        r.on_close(bar)
        self.assertEqual([l["n"] for l in lines], [0, 4])
        self.assertEqual(lines[-1]["rate"], 2)
        self.assertEqual(lines[-1]["bar"], {"id": 1, "desc": "caching latents"})
        self.assertIsNone(r.flush_due(clock.now + 1))
        self.assertEqual(len(lines), 2)

    def test_at_exit_a_held_state_is_written(self):
        r, lines, clock = reporter()
        bar = Bar()
        bar.n = 4
        r.on_refresh(bar)
        bar.postfix = "avr_loss=1.11"
        r.on_postfix(bar, None, {"avr_loss": 1.11})
        clock.now += 0.0001
        r.on_refresh(bar)  # held: the process exits before the window ends, and the bar is never closed
        r.flush_all()
        self.assertEqual([(l["n"], l["postfix"]) for l in lines], [(4, None), (4, {"avr_loss": 1.11})])
        r.flush_all()
        self.assertEqual(len(lines), 2)

    def test_bars_have_their_own_ids_and_windows(self):
        r, lines, _ = reporter()
        a, b = Bar("caching"), Bar("steps")
        r.on_refresh(a)
        r.on_refresh(b)
        r.on_refresh(a)
        self.assertEqual([l["bar"]["id"] for l in lines], [1, 2])

    def test_a_postfix_set_some_other_way_is_read_from_tqdms_string(self):
        r, lines, _ = reporter()
        bar = Bar()
        r.on_postfix(bar, None, {"avr_loss": 0.123456})
        bar.postfix = "lr=1e-4, note=warm"  # set_postfix_str after set_postfix: the raw numbers are stale
        r.on_refresh(bar)
        self.assertEqual(lines[0]["postfix"], {"lr": 1e-4, "note": "warm"})

    def test_odd_postfix_values_stay_valid_json(self):
        r, lines, _ = reporter()
        bar = Bar()
        bar.postfix = "x"
        r.on_postfix(bar, {"loss": float("nan")}, {"obj": object, "flag": True})
        r.on_refresh(bar)
        self.assertEqual(lines[0]["postfix"]["loss"], "nan")
        self.assertEqual(lines[0]["postfix"]["flag"], True)
        self.assertIsInstance(lines[0]["postfix"]["obj"], str)

    def test_a_failing_writer_is_reported_once_and_never_raises(self):
        calls = []

        def write(line):
            calls.append(line)
            raise OSError(28, "No space left on device")

        r = hook.Reporter(write, use_thread=False)
        bar = Bar()
        r.on_refresh(bar)  # must not raise
        r.on_refresh(bar)
        r.on_close(bar)
        self.assertTrue(r.failed)
        self.assertEqual(len(calls), 2)  # the progress line, then one hook_error attempt
        self.assertIn("hook_error", calls[1])

    def test_disabled_bars_are_not_reported(self):
        r, lines, _ = reporter()
        bar = Bar()
        bar.disable = True
        r.on_refresh(bar)
        r.on_close(bar)
        self.assertEqual(lines, [])


class FakeScheduler:
    """torch's LRScheduler as the hook sees it: step() moves the rates, get_last_lr() reads them."""

    def __init__(self, rates):
        self.rates = rates
        self.steps = 0

    def step(self):
        self.steps += 1
        self.last = [rate / self.steps for rate in self.rates]
        return "stepped"

    def get_last_lr(self):
        return self.last


class LearningRateTest(unittest.TestCase):
    def module(self):
        class LRScheduler(FakeScheduler):
            pass

        LRScheduler.step = FakeScheduler.step  # defined on the base class itself, as in torch

        class LambdaLR(LRScheduler):
            pass

        return type("lr_scheduler", (), {"LRScheduler": LRScheduler, "LambdaLR": LambdaLR})

    def test_each_step_event_carries_the_rate_the_schedulers_last_step_left(self):
        module = self.module()
        watch = hook.LrWatch()
        hook.patch_lr_scheduler_module(module, watch)
        hook.patch_lr_scheduler_module(module, watch)  # patched once however often it is asked
        lines = []
        clock = Clock()
        r = hook.Reporter(lambda line: lines.append(json.loads(line)), clock=clock, wall=clock, use_thread=False, lr_watch=watch)
        scheduler = module.LambdaLR([1e-5, 1e-4])  # sd-scripts: text encoder, then U-Net
        bar = Bar()
        for step in range(1, 3):
            clock.now += 1.0
            self.assertEqual(scheduler.step(), "stepped")
            bar.n = step
            bar.postfix = "avr_loss=1"
            r.on_postfix(bar, None, {"avr_loss": 1.0})
            r.on_refresh(bar)
            self.assertEqual((lines[-1]["n"], lines[-1]["lr"]), (step, 1e-4 / step))
            self.assertEqual(lines[-1]["postfix"], {"avr_loss": 1.0})
        self.assertEqual(scheduler.steps, 2)

    def test_no_rate_before_a_scheduler_stepped_and_a_broken_scheduler_still_steps(self):
        module = self.module()
        watch = hook.LrWatch()
        failures = []
        failing = type("Failures", (), {"fail": lambda self, error: failures.append(error)})()
        hook.patch_lr_scheduler_module(module, watch, failing)
        lines = []
        r = hook.Reporter(lambda line: lines.append(json.loads(line)), use_thread=False, lr_watch=watch)
        bar = Bar()
        bar.n = 1
        r.on_refresh(bar)
        self.assertNotIn("lr", lines[-1])
        broken = module.LambdaLR([1.0])
        broken.get_last_lr = lambda: 1 / 0
        self.assertEqual(broken.step(), "stepped")
        self.assertIsNone(watch.last)
        self.assertEqual(len(failures), 1)


class LossRecorder:
    """sd-scripts' library.train_util.LossRecorder (48d368f), as it is."""

    def __init__(self):
        self.loss_list = []
        self.loss_total = 0.0

    def add(self, *, epoch, step, loss):
        if epoch == 0:
            self.loss_list.append(loss)
        else:
            while len(self.loss_list) <= step:
                self.loss_list.append(0.0)
            self.loss_total -= self.loss_list[step]
            self.loss_list[step] = loss
        self.loss_total += loss

    @property
    def moving_average(self):
        return self.loss_total / len(self.loss_list) if self.loss_list else 0


class LossTest(unittest.TestCase):
    def module(self, recorder=None):
        cls = recorder or type("LossRecorder", (LossRecorder,), {"add": LossRecorder.add})
        return type("train_util", (), {"LossRecorder": cls})

    def reporter(self, watch):
        lines = []
        clock = Clock()
        r = hook.Reporter(lambda line: lines.append(json.loads(line)), clock=clock, wall=clock, use_thread=False, loss_watch=watch)
        return r, lines, clock

    def test_each_step_event_carries_the_loss_sd_scripts_recorded_for_it(self):
        module = self.module()
        watch = hook.LossWatch()
        hook.patch_loss_recorder_module(module, watch)
        hook.patch_loss_recorder_module(module, watch)  # patched once however often it is asked
        r, lines, clock = self.reporter(watch)
        recorder = module.LossRecorder()
        bar = Bar()
        for step, loss in enumerate((1.25, 0.75, 0.5), start=1):  # as train_network.py: add, then set_postfix
            clock.now += 1.0
            bar.n = step
            recorder.add(epoch=0, step=step - 1, loss=loss)
            bar.postfix = "avr_loss=%.3g" % recorder.moving_average
            r.on_postfix(bar, None, {"avr_loss": recorder.moving_average})
            r.on_refresh(bar)
            self.assertEqual((lines[-1]["n"], lines[-1]["loss"]), (step, loss))
        self.assertEqual(lines[-1]["postfix"], {"avr_loss": 2.5 / 3})  # the recorder itself is unchanged
        self.assertEqual(recorder.loss_list, [1.25, 0.75, 0.5])

    def test_the_loss_is_the_mean_of_those_added_since_the_last_postfix_and_only_theirs(self):
        module = self.module()
        watch = hook.LossWatch()
        hook.patch_loss_recorder_module(module, watch)
        r, lines, clock = self.reporter(watch)
        recorder = module.LossRecorder()
        bar = Bar()
        bar.n = 1
        recorder.add(epoch=0, step=0, loss=1.0)
        recorder.add(epoch=0, step=1, loss=2.0)
        r.on_postfix(bar, None, {"avr_loss": 1.5})
        r.on_refresh(bar)
        self.assertEqual(lines[-1]["loss"], 1.5)
        clock.now += 1.0
        bar.n = 2
        r.on_postfix(bar, None, {"avr_loss": 1.5})  # nothing recorded since: no stale loss
        r.on_refresh(bar)
        self.assertNotIn("loss", lines[-1])
        clock.now += 1.0
        recorder.add(epoch=0, step=2, loss=float("nan"))
        r.on_postfix(bar, None, {"avr_loss": float("nan")})
        r.on_refresh(bar)
        self.assertNotIn("loss", lines[-1])  # JSON has no NaN: unknown, not a number

    def test_a_recorder_of_another_shape_is_left_alone(self):
        class Positional:
            def add(self, epoch, step, loss):
                return "theirs"

        class NoAdd:
            pass

        watch = hook.LossWatch()
        for cls in (Positional, NoAdd):
            module = self.module(cls)
            hook.patch_loss_recorder_module(module, watch)
            self.assertFalse(cls.__dict__.get("_dpgui_patched", False), cls.__name__)
        self.assertEqual(Positional().add(0, 1, 2.0), "theirs")
        hook.patch_loss_recorder_module(type("train_util", (), {}), watch)  # no LossRecorder at all
        self.assertIsNone(watch.take())

    def test_a_failing_recorder_still_raises_its_own_error_and_records_nothing(self):
        class Failing(LossRecorder):
            def add(self, *, epoch, step, loss):
                raise IndexError("theirs")

        watch = hook.LossWatch()
        hook.patch_loss_recorder_module(self.module(Failing), watch)
        with self.assertRaisesRegex(IndexError, "theirs"):
            Failing().add(epoch=0, step=0, loss=1.0)
        self.assertIsNone(watch.take())


class RankAndRoleTest(unittest.TestCase):
    def test_rank_is_rank_else_local_rank_else_zero(self):
        self.assertEqual(hook.rank_from_env({}), 0)
        self.assertEqual(hook.rank_from_env({"LOCAL_RANK": "1"}), 1)
        self.assertEqual(hook.rank_from_env({"RANK": "0", "LOCAL_RANK": "1"}), 0)
        self.assertEqual(hook.rank_from_env({"RANK": "3"}), 3)
        self.assertIsNone(hook.rank_from_env({"RANK": "x"}))

    def test_launchers_and_helper_processes_are_not_the_trainer(self):
        role = hook.process_role
        self.assertEqual(role(["/sd/train_network.py", "--config_file", "c.toml"], []), "trainer")
        self.assertEqual(role(["-m"], ["python", "-m", "mytrainer.train"]), "trainer")
        self.assertEqual(role(["/venv/bin/accelerate", "launch"], []), "launcher")
        self.assertEqual(role(["/venv/bin/torchrun"], []), "launcher")
        self.assertEqual(role(["-m"], ["python", "-u", "-m", "deepspeed.launcher.launch", "--x"]), "launcher")
        self.assertEqual(role(["-c"], ["python", "-c", "from multiprocessing.spawn import spawn_main"]), "other")


def run_python(code, env, cwd):
    path = os.path.join(cwd, "trainer_script.py")
    with open(path, "w") as f:
        f.write(textwrap.dedent(code))
    return subprocess.run([sys.executable, path], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


class InstalledHookTest(unittest.TestCase):
    """The hook as the wrapper installs it: its folder first on PYTHONPATH, events file in the env."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dpgui-hook-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.events = os.path.join(self.tmp, "events.jsonl")

    def env(self, *path, **extra):
        env = bridge_env([], DPGUI_EVENTS_FILE=self.events, **extra)
        env["PYTHONPATH"] = os.pathsep.join((HOOK_DIR,) + path)
        return env

    def test_only_rank_zero_reports(self):
        code = "from tqdm import tqdm\nfor _ in tqdm(range(3)): pass\n"
        for rank, expected in (("1", []), ("0", ["progress", "started"])):
            with self.subTest(rank=rank):
                if os.path.exists(self.events):
                    os.unlink(self.events)
                result = run_python(code, self.env(FAKE_ENV, RANK=rank), self.tmp)
                self.assertEqual(result.returncode, 0, result.stderr)
                types = sorted({e["type"] for e in read_events(self.tmp)})
                self.assertEqual(types, expected)

    def test_a_broken_tqdm_does_not_break_the_training_and_is_reported(self):
        broken = os.path.join(self.tmp, "broken")
        os.makedirs(os.path.join(broken, "tqdm"))
        with open(os.path.join(broken, "tqdm", "__init__.py"), "w") as f:
            f.write("from .std import tqdm\n")
        with open(os.path.join(broken, "tqdm", "std.py"), "w") as f:
            f.write("class tqdm:\n    def __init__(self, it):\n        self.it = it\n    def __iter__(self):\n        return iter(self.it)\n")
        result = run_python("from tqdm import tqdm\nprint(sum(tqdm(range(4))))\n", self.env(broken), self.tmp)
        self.assertEqual((result.returncode, result.stdout, result.stderr), (0, "6\n", ""))
        events = read_events(self.tmp)
        self.assertEqual([e["type"] for e in events], ["started", "hook_error"])
        self.assertIn("refresh", events[1]["message"])

    def test_an_unwritable_events_file_changes_nothing_for_the_training(self):
        env = self.env(FAKE_ENV)
        env["DPGUI_EVENTS_FILE"] = os.path.join(self.tmp, "no", "such", "folder", "events.jsonl")
        result = run_python("from tqdm import tqdm\nb = tqdm(total=2)\nb.update(2)\nb.set_postfix(loss=1.0)\nb.close()\nprint('ok')\n", env, self.tmp)
        self.assertEqual((result.returncode, result.stdout), (0, "ok\n"), result.stderr)

    def test_the_sitecustomize_it_shadows_still_runs(self):
        theirs = os.path.join(self.tmp, "theirs")
        os.mkdir(theirs)
        with open(os.path.join(theirs, "sitecustomize.py"), "w") as f:
            f.write("import os\nMARK = 'theirs'\nos.environ['THEIRS_RAN'] = '1'\n")
        result = run_python("import os, sitecustomize\nprint(os.environ.get('THEIRS_RAN'), sitecustomize.MARK)\n", self.env(FAKE_ENV, theirs), self.tmp)
        self.assertEqual(result.stdout, "1 theirs\n", result.stderr)
        self.assertEqual(read_events(self.tmp)[0]["type"], "started")

    def test_a_torch_scheduler_imported_later_gives_its_rate_to_the_steps_bar(self):
        fake_torch = os.path.join(self.tmp, "fake_torch")
        os.makedirs(os.path.join(fake_torch, "torch", "optim"))
        for name, text in (
            ("torch/__init__.py", ""),
            ("torch/optim/__init__.py", ""),
            (
                "torch/optim/lr_scheduler.py",
                "class LRScheduler:\n"
                "    def __init__(self, lr):\n        self.lr, self.n = lr, 0\n"
                "    def step(self):\n        self.n += 1\n"
                "    def get_last_lr(self):\n        return [self.lr / (self.n + 1)]\n"
                "class LambdaLR(LRScheduler):\n    pass\n",
            ),
        ):
            with open(os.path.join(fake_torch, name), "w") as f:
                f.write(text)
        code = """
            from tqdm import tqdm
            from torch.optim.lr_scheduler import LambdaLR
            scheduler = LambdaLR(1.0)
            bar = tqdm(total=3, desc="steps")
            for step in range(3):
                scheduler.step()
                bar.update(1)
                bar.set_postfix(avr_loss=0.5)
            bar.close()
        """
        result = run_python(code, self.env(fake_torch, FAKE_ENV), self.tmp)
        self.assertEqual(result.returncode, 0, result.stderr)
        last = [e for e in read_events(self.tmp) if e["type"] == "progress"][-1]
        self.assertEqual((last["n"], last["lr"], last["postfix"]), (3, 0.25, {"avr_loss": 0.5}))

    def test_sd_scripts_loss_recorder_imported_later_gives_each_step_its_loss(self):
        sd_scripts = os.path.join(self.tmp, "sd_scripts")
        os.makedirs(os.path.join(sd_scripts, "library"))
        with open(os.path.join(sd_scripts, "library", "__init__.py"), "w") as f:
            f.write("")
        with open(os.path.join(sd_scripts, "library", "train_util.py"), "w") as f:
            f.write(
                "class LossRecorder:\n"
                "    def __init__(self):\n        self.losses = []\n"
                "    def add(self, *, epoch: int, step: int, loss: float) -> None:\n        self.losses.append(loss)\n"
                "    @property\n    def moving_average(self):\n        return sum(self.losses) / len(self.losses)\n"
            )
        # As train_network.py: no close(); the process ends right after the last step.
        code = """
            from tqdm import tqdm
            from library import train_util
            recorder = train_util.LossRecorder()
            bar = tqdm(total=3, desc="steps")
            for step, loss in enumerate((0.5, 0.25, 0.125)):
                bar.update(1)
                recorder.add(epoch=0, step=step, loss=loss)
                bar.set_postfix(avr_loss=recorder.moving_average)
        """
        result = run_python(code, self.env(sd_scripts, FAKE_ENV), self.tmp)
        self.assertEqual(result.returncode, 0, result.stderr)
        last = [e for e in read_events(self.tmp) if e["type"] == "progress"][-1]
        self.assertEqual((last["n"], last["loss"], last["postfix"]), (3, 0.125, {"avr_loss": 0.875 / 3}))

    def test_without_an_events_file_the_hook_stays_off(self):
        env = self.env(FAKE_ENV)
        del env["DPGUI_EVENTS_FILE"]
        result = run_python("import sys\nfrom tqdm import tqdm\nprint(type(tqdm.refresh).__name__, 'dpgui_progress_hook' in sys.modules)\n", env, self.tmp)
        self.assertEqual(result.stdout, "function True\n", result.stderr)
        self.assertFalse(os.path.exists(self.events))


if __name__ == "__main__":
    unittest.main()
