"""Version and import of each package named on the command line. One JSON line per step."""

import importlib
import importlib.metadata
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]


def out(obj):
    sys.__stdout__.write(json.dumps(obj) + "\n")
    sys.__stdout__.flush()


def last_line(error):
    text = str(error).strip().splitlines()
    return "%s: %s" % (type(error).__name__, text[-1] if text else "")


def main(names):
    sys.stdout = sys.stderr
    for name in names:
        try:
            version = importlib.metadata.version(name)
        except Exception:
            version = None
        try:
            present = version is not None or importlib.util.find_spec(name) is not None
        except Exception:
            present = version is not None
        if not present:
            out({"name": name, "present": False})
            continue
        out({"name": name, "stage": "import %s" % name, "version": version})
        try:
            module = importlib.import_module(name)
        except BaseException as error:
            out({"name": name, "present": True, "version": version, "import_ok": False, "error": last_line(error)})
            continue
        version = str(getattr(module, "__version__", None) or version or "unknown")
        out({"name": name, "present": True, "version": version, "import_ok": True})


main(sys.argv[1:])
