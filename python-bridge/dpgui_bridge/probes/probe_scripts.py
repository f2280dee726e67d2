"""Whether a trainer's scripts import: `probe_scripts.py FOLDER SCRIPT...`, run with FOLDER as cwd.

A script guarded by `if __name__ == "__main__":` is run as a module (its imports and definitions,
not its main); one without the guard would start training, so only its imports are looked up.
"""

import ast
import importlib.util
import json
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]


def out(obj):
    sys.__stdout__.write(json.dumps(obj) + "\n")
    sys.__stdout__.flush()


def last_line(error):
    text = str(error).strip().splitlines()
    return "%s: %s" % (type(error).__name__, text[-1] if text else "")


def has_main_guard(tree):
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            names = [n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)]
            if "__name__" in names:
                return True
    return False


def top_level_imports(tree):
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module.split(".")[0])
    return sorted(set(names))


def check(folder, script):
    path = os.path.join(folder, script)
    if not os.path.isfile(path):
        return {"script": script, "exists": False}
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), path)
    if not has_main_guard(tree):
        missing = []
        for name in top_level_imports(tree):
            try:
                if importlib.util.find_spec(name) is None:
                    missing.append(name)
            except Exception:
                missing.append(name)
        if missing:
            return {"script": script, "exists": True, "import_ok": False, "missing": missing,
                    "error": "ModuleNotFoundError: No module named %r" % missing[0]}
        return {"script": script, "exists": True, "import_ok": True, "static": True}
    try:
        runpy.run_path(path, run_name="__dpgui_doctor__")
    except ModuleNotFoundError as error:
        return {"script": script, "exists": True, "import_ok": False, "missing": [error.name], "error": last_line(error)}
    except BaseException as error:
        return {"script": script, "exists": True, "import_ok": False, "error": last_line(error)}
    return {"script": script, "exists": True, "import_ok": True}


def main(folder, scripts):
    sys.stdout = sys.stderr
    sys.path.insert(0, folder)
    for script in scripts:
        out({"script": script, "stage": "import %s" % script})
        out(check(folder, script))


main(os.path.abspath(sys.argv[1]), sys.argv[2:])
