"""DPGui's progress hook, loaded at start-up by every Python process of a training: the app puts
this folder first on the trainer's PYTHONPATH (command.txt shows it). It must never change what the
training does, so every failure is caught; then it hands over to the sitecustomize it shadows, if
there is one.
"""


def _install_hook():
    try:
        import dpgui_progress_hook

        dpgui_progress_hook.install()
    except Exception:
        pass  # the hook reports its own failures as hook_error events where it can


def _chain_to_shadowed_sitecustomize():
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        # What site.py would have said had it loaded that file itself.
        sys.stderr.write("Error in sitecustomize; set PYTHONVERBOSE for traceback:\n%s: %s\n" % (type(error).__name__, error))
        return
    globals().update({k: v for k, v in vars(module).items() if not k.startswith("__")})


_install_hook()
try:
    _chain_to_shadowed_sitecustomize()
except Exception:
    pass
