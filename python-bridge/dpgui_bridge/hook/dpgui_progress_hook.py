"""tqdm bars as structured events (events.jsonl), from rank 0 of the trainer's processes.

Patched lazily: a meta path finder waits for `tqdm.std` to be imported and then wraps three methods
of its `tqdm` class. Not `update` — it runs every iteration; `refresh` runs only when tqdm itself
decides to redraw (at most every `mininterval`, and at each set_postfix/set_description), so the
hot loop pays nothing. `close` gives the final state, `set_postfix` the raw numbers (tqdm keeps
only a 3-digit string of avr_loss).

Each bar is throttled to one event per 0.1 s. A redraw inside that window is not lost: a daemon
thread writes the bar's state when the window ends, so the last event for a given `n` carries that
step's postfix (sd-scripts calls update() and then set_postfix() for each step).

The learning rate: trainers that do not print it (sd-scripts' bar shows only avr_loss) still step a
torch LR scheduler once per step. The same kind of finder waits for `torch.optim.lr_scheduler` and
wraps the base scheduler's `step` to keep the last group's `get_last_lr()` (sd-scripts' U-Net or main
group); each `set_postfix` records it beside the postfix, so a step's event carries its `lr`.

The raw loss: sd-scripts' bar shows only its running average. Every sd-scripts training script calls
`library.train_util.LossRecorder.add(epoch=, step=, loss=)` with the batch's loss and then
`set_postfix`, once per batch (per micro-batch under gradient accumulation). A third finder waits for
`library.train_util` and wraps `add`; each `set_postfix` takes the mean of the losses added since the
previous one — in sd-scripts that is the one batch's loss, the value it logs as `loss/current` — so the
step's event carries its `loss`.

Nothing here may break the training: every failure is caught, reported once as a hook_error event,
and the hook then stays out of the way for the rest of the process.
"""

import atexit
import functools
import json
import math
import numbers
import os
import sys
import threading
import time

EVENTS_ENV = "DPGUI_EVENTS_FILE"
MIN_INTERVAL_S = 0.1
LR_SCHEDULER_MODULE = "torch.optim.lr_scheduler"
LOSS_RECORDER_MODULE = "library.train_util"  # sd-scripts'
# Processes of a launch that start no training of their own.
LAUNCHER_SCRIPTS = ("accelerate", "accelerate-launch", "torchrun", "deepspeed")
LAUNCHER_MODULES = ("accelerate.commands", "torch.distributed.run", "torch.distributed.launch", "deepspeed.launcher")
HELPER_MODULES = ("multiprocessing", "torch._inductor", "torch.utils")


def rank_from_env(env):
    """RANK, else LOCAL_RANK, else 0 (a single process has neither)."""
    for name in ("RANK", "LOCAL_RANK"):
        value = env.get(name)
        if value is not None and value.strip() != "":
            try:
                return int(value)
            except ValueError:
                return None
    return 0


def process_role(argv, orig_argv):
    """"trainer" (a script or module that trains), "launcher" (accelerate, torchrun, deepspeed) or
    "other" (`-c` code such as multiprocessing's spawned workers, an interactive shell)."""
    if not argv or argv[0] in ("", "-", "-c"):
        return "other"
    if argv[0] == "-m":
        module = ""
        if "-m" in orig_argv:
            index = orig_argv.index("-m")
            module = orig_argv[index + 1] if index + 1 < len(orig_argv) else ""
        if module.startswith(LAUNCHER_MODULES):
            return "launcher"
        if module.startswith(HELPER_MODULES):
            return "other"
        return "trainer"
    name = os.path.basename(argv[0])
    if name.endswith(".py"):
        name = name[:-3]
    return "launcher" if name in LAUNCHER_SCRIPTS else "trainer"


def jsonable(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Number):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        return number if math.isfinite(number) else str(number)
    return str(value)


def _number(value):
    if value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() else value
    return jsonable(value)


def parse_postfix(text):
    """tqdm's postfix string ("avr_loss=1.18, lr=1e-4") back into a dict, numbers as numbers."""
    if not text:
        return None
    result = {}
    for part in str(text).split(", "):
        key, sep, raw = part.partition("=")
        if not sep:
            continue
        try:
            number = float(raw)
            result[key.strip()] = number if math.isfinite(number) else raw
        except ValueError:
            result[key.strip()] = raw.strip()
    return result or None


class _BarState:
    __slots__ = ("id", "last_emit", "deadline", "bar", "held")

    def __init__(self, bar_id):
        self.id = bar_id
        self.last_emit = None
        self.deadline = None  # when the held state is due, while one is held
        self.bar = None
        self.held = None  # (n, postfix text, raw postfix) of the last redraw inside the window


class LrWatch:
    """The learning rate the last scheduler step left (None until one stepped)."""

    def __init__(self):
        self.last = None


def patch_lr_scheduler_module(module, watch, reporter=None):
    """Wraps `step` of the base LR scheduler class(es) so every scheduler's step is seen."""
    for name in ("LRScheduler", "_LRScheduler"):
        cls = getattr(module, name, None)
        if cls is None or cls.__dict__.get("_dpgui_patched") or "step" not in cls.__dict__:
            continue
        _patch_step(cls, watch, reporter)


def _patch_step(cls, watch, reporter):
    original_step = cls.step

    @functools.wraps(original_step)
    def step(self, *args, **kwargs):
        result = original_step(self, *args, **kwargs)
        try:
            lrs = self.get_last_lr()
            watch.last = _number(float(lrs[-1])) if lrs else None
        except Exception as error:
            if reporter is not None:
                reporter.fail(error)
        return result

    cls.step = step
    cls._dpgui_patched = True


class LossWatch:
    """The losses sd-scripts' LossRecorder received since the last `take`."""

    def __init__(self):
        self.total = 0.0
        self.count = 0

    def add(self, loss):
        try:
            self.total += float(loss)
        except (TypeError, ValueError):
            self.total = float("nan")  # a loss that is no number: this step's loss is unknown
        self.count += 1

    def take(self):
        """Their mean (None when none came, or one was not finite), and starts over."""
        mean = self.total / self.count if self.count else None
        self.total, self.count = 0.0, 0
        return _number(mean)


def _takes_keyword_loss(function):
    """Whether `function(self, *, epoch, step, loss)` is the shape it has (sd-scripts 48d368f)."""
    import inspect  # here: only sd-scripts' processes pay for it

    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return all(
        name in parameters and parameters[name].kind is inspect.Parameter.KEYWORD_ONLY for name in ("epoch", "step", "loss")
    )


def patch_loss_recorder_module(module, watch, reporter=None):
    """Wraps `LossRecorder.add` so each loss it records is seen; leaves a class of another shape alone."""
    cls = getattr(module, "LossRecorder", None)
    if not isinstance(cls, type) or cls.__dict__.get("_dpgui_patched"):
        return
    original_add = cls.__dict__.get("add")
    if not callable(original_add) or not _takes_keyword_loss(original_add):
        return

    @functools.wraps(original_add)
    def add(self, *args, **kwargs):
        result = original_add(self, *args, **kwargs)
        try:
            watch.add(kwargs["loss"])
        except Exception as error:
            if reporter is not None:
                reporter.fail(error)
        return result

    cls.add = add
    cls._dpgui_patched = True


def _capture(bar):
    return (getattr(bar, "n", 0), getattr(bar, "postfix", None), bar.__dict__.get("_dpgui_postfix"))


class Reporter:
    def __init__(
        self,
        write,
        clock=time.monotonic,
        wall=time.time,
        interval=MIN_INTERVAL_S,
        use_thread=True,
        lr_watch=None,
        loss_watch=None,
    ):
        self.write = write
        self.lr_watch = lr_watch
        self.loss_watch = loss_watch
        self.clock = clock
        self.wall = wall
        self.interval = interval
        self.use_thread = use_thread
        self.failed = False
        self.next_id = 1
        self.pending = {}  # bar id -> state, for bars with a held state
        self.cond = threading.Condition()
        self.thread = None
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self):
        # A forked child (a DataLoader worker) has no flusher thread and may hold a copy of a locked lock.
        self.cond = threading.Condition()
        self.thread = None
        self.pending = {}

    def event(self, obj):
        line = dict({"t": self.wall()}, **obj)
        self.write(json.dumps(line, allow_nan=False))

    def fail(self, error):
        if self.failed:
            return
        self.failed = True
        try:
            self.event({"type": "hook_error", "message": "%s: %s" % (type(error).__name__, error)})
        except Exception:
            pass

    def _state(self, bar):
        state = bar.__dict__.get("_dpgui_state")
        if state is None:
            state = _BarState(self.next_id)
            self.next_id += 1
            bar.__dict__["_dpgui_state"] = state
        return state

    def snapshot(self, bar, state, final, captured=None):
        n, text, raw = captured if captured is not None else _capture(bar)
        n = _number(n)
        total = _number(getattr(bar, "total", None))
        try:
            info = bar.format_dict
        except Exception:
            info = {}
        elapsed = info.get("elapsed")
        if elapsed is None:
            start = getattr(bar, "start_t", None)
            elapsed = (self.clock() - start) if start is not None else 0.0
        rate = None if final else info.get("rate")
        initial = getattr(bar, "initial", 0) or 0
        if rate is None and elapsed:
            rate = (float(n or 0) - initial) / elapsed
        current = raw is not None and raw[0] == text
        postfix = raw[1] if current else parse_postfix(text)
        lr = raw[2] if current and len(raw) > 2 else None
        loss = raw[3] if current and len(raw) > 3 else None
        desc = getattr(bar, "desc", None) or None
        event = {
            "type": "progress",
            "bar": {"id": state.id, "desc": str(desc).rstrip(": ") if desc else None},
            "n": n,
            "total": total,
            "rate": _number(float(rate)) if rate is not None else None,
            "elapsed": round(float(elapsed), 3),
            "postfix": postfix,
            "unit": str(getattr(bar, "unit", "it")),
        }
        if lr is not None:
            event["lr"] = lr
        if loss is not None:
            event["loss"] = loss
        return event

    def _emit(self, bar, state, now, final=False, captured=None):
        state.last_emit = now
        self.event(self.snapshot(bar, state, final, captured))

    def _hold(self, bar, state, deadline):
        state.held = _capture(bar)
        state.bar = bar
        if state.deadline is None:
            state.deadline = deadline
            self.pending[state.id] = state
            self._wake_flusher()

    def _release(self, state):
        held, state.held, state.deadline, state.bar = state.held, None, None, None
        self.pending.pop(state.id, None)
        return held

    def on_refresh(self, bar):
        if self.failed or getattr(bar, "disable", False):
            return
        try:
            with self.cond:
                state = self._state(bar)
                now = self.clock()
                if state.last_emit is not None and now - state.last_emit < self.interval:
                    self._hold(bar, state, state.last_emit + self.interval)
                elif state.held is not None:
                    # The flusher is late: the held state (a step's final postfix) goes first, this one waits.
                    self._emit(bar, state, now, captured=self._release(state))
                    self._hold(bar, state, now + self.interval)
                else:
                    self._emit(bar, state, now)
        except Exception as error:
            self.fail(error)

    def on_close(self, bar):
        if self.failed or getattr(bar, "disable", True):
            return
        try:
            with self.cond:
                state = self._state(bar)
                held = self._release(state)
                now = self.clock()
                if held is not None and held[0] != getattr(bar, "n", None):
                    self._emit(bar, state, now, captured=held)
                self._emit(bar, state, now, final=True)
        except Exception as error:
            self.fail(error)

    def on_postfix(self, bar, ordered_dict, kwargs):
        if self.failed:
            return
        try:
            raw = {}
            if ordered_dict:
                for key, value in dict(ordered_dict).items():
                    raw[str(key)] = jsonable(value)
            for key in sorted(kwargs):
                raw[key] = jsonable(kwargs[key])
            lr = self.lr_watch.last if self.lr_watch is not None else None
            loss = self.loss_watch.take() if self.loss_watch is not None else None
            bar.__dict__["_dpgui_postfix"] = (getattr(bar, "postfix", None), raw or None, lr, loss)
        except Exception as error:
            self.fail(error)

    def flush_all(self):
        """At exit: the held states, which the flusher would have written had the process lived 0.1 s
        longer (sd-scripts' last step: its final set_postfix, a quick save, then exit; the held state
        keeps the bar alive, so no close() writes it either)."""
        if self.failed:
            return
        try:
            with self.cond:
                now = self.clock()
                for state in list(self.pending.values()):
                    bar, held = state.bar, self._release(state)
                    if bar is not None and held is not None:
                        self._emit(bar, state, now, captured=held)
        except Exception as error:
            self.fail(error)

    def flush_due(self, now):
        """Write the held states whose window ended; returns the next deadline or None."""
        for state in list(self.pending.values()):
            if state.deadline is not None and state.deadline <= now:
                bar = state.bar
                held = self._release(state)
                if bar is not None and held is not None:
                    self._emit(bar, state, now, captured=held)
        deadlines = [s.deadline for s in self.pending.values() if s.deadline is not None]
        return min(deadlines) if deadlines else None

    def _wake_flusher(self):
        if not self.use_thread:
            return
        if self.thread is None:
            self.thread = threading.Thread(target=self._flusher, name="dpgui-progress", daemon=True)
            self.thread.start()
        self.cond.notify()

    def _flusher(self):
        try:
            with self.cond:
                while True:
                    if self.failed:
                        return
                    next_deadline = self.flush_due(self.clock())
                    if next_deadline is None:
                        self.cond.wait()
                    else:
                        self.cond.wait(max(0.0, next_deadline - self.clock()))
        except Exception as error:
            self.fail(error)


def patch_tqdm_class(cls, reporter):
    if cls.__dict__.get("_dpgui_patched"):
        return
    original_refresh, original_close, original_set_postfix = cls.refresh, cls.close, cls.set_postfix

    @functools.wraps(original_refresh)
    def refresh(self, *args, **kwargs):
        result = original_refresh(self, *args, **kwargs)
        reporter.on_refresh(self)
        return result

    @functools.wraps(original_close)
    def close(self, *args, **kwargs):
        reporter.on_close(self)
        return original_close(self, *args, **kwargs)

    @functools.wraps(original_set_postfix)
    def set_postfix(self, ordered_dict=None, refresh=True, **kwargs):
        # The same steps as tqdm's own: format the postfix, then redraw if asked.
        original_set_postfix(self, ordered_dict, False, **kwargs)
        reporter.on_postfix(self, ordered_dict, kwargs)
        if refresh:
            self.refresh()

    cls.refresh, cls.close, cls.set_postfix = refresh, close, set_postfix
    cls._dpgui_patched = True


class _PatchingLoader:
    """Runs tqdm.std's own loader, then patches the module; then steps aside."""

    def __init__(self, loader, after):
        self._loader = loader
        self._after = after

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        module.__loader__ = self._loader
        if getattr(module, "__spec__", None) is not None:
            module.__spec__.loader = self._loader
        self._after(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class ImportFinder:
    """Waits for one module to be imported, then hands it to `after` (tqdm.std, torch's schedulers, ...)."""

    def __init__(self, after, module):
        self._after = after
        self._module = module
        self.done = False

    def find_spec(self, fullname, path=None, target=None):
        if self.done or fullname != self._module:
            return None
        self.done = True
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader, self._after)
                return spec
        return None


def _file_writer(path):
    def write(line):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)

    return write


def install(env=None):
    """Called by sitecustomize at start-up. Returns the Reporter, or None where it stays off."""
    env = os.environ if env is None else env
    path = env.get(EVENTS_ENV)
    if not path:
        return None
    write = _file_writer(path)
    try:
        if rank_from_env(env) != 0:
            return None
        role = process_role(list(getattr(sys, "argv", [])), list(getattr(sys, "orig_argv", [])))
        if role != "trainer":
            return None
        lr_watch = LrWatch()
        loss_watch = LossWatch()
        reporter = Reporter(write, lr_watch=lr_watch, loss_watch=loss_watch)
        reporter.event({"type": "started", "pid": os.getpid(), "rank": 0})
        atexit.register(reporter.flush_all)

        def when_imported(name, patch):
            def after(module):
                try:
                    patch(module)
                except Exception as error:
                    reporter.fail(error)

            if name in sys.modules:
                after(sys.modules[name])
            else:
                sys.meta_path.insert(0, ImportFinder(after, name))

        when_imported(LR_SCHEDULER_MODULE, lambda module: patch_lr_scheduler_module(module, lr_watch, reporter))
        when_imported(LOSS_RECORDER_MODULE, lambda module: patch_loss_recorder_module(module, loss_watch, reporter))
        when_imported("tqdm.std", lambda module: patch_tqdm_class(module.tqdm, reporter))
        return reporter
    except Exception as error:
        try:
            write(json.dumps({"t": time.time(), "type": "hook_error", "message": "%s: %s" % (type(error).__name__, error)}))
        except Exception:
            pass
        return None
