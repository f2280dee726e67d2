"""Command line of the bridge: `python -m dpgui_bridge <command> [options]` with python-bridge/ on PYTHONPATH.

Each command prints exactly one JSON object on stdout. A failure prints
{"error": {"code": ..., "message": ...}} on stdout too, with a non-zero exit status, so the app
never has to guess from a traceback.

A command is a function of its own argv (the words after the command name) returning a JSON-able
dict; it raises an exception with `code` and `message` attributes (BridgeError) to fail. Adding a
command is one entry in COMMANDS.
"""

import json
import sys

from .config_schema import config_schema
from .doctor import doctor_command
from .gpus import gpus_command
from .info import info_command
from .launch import launch_command

COMMANDS = {
    "info": info_command,
    "doctor": doctor_command,
    "gpus": gpus_command,
    "launch": launch_command,
    "config-schema": config_schema,
}


def _write(out, obj):
    out.write(json.dumps(obj) + "\n")
    out.flush()


def main(argv, out=sys.stdout):
    if not argv or argv[0] not in COMMANDS:
        given = " ".join(argv) or "(none)"
        message = "unknown command %s; commands: %s" % (given, ", ".join(sorted(COMMANDS)))
        _write(out, {"error": {"code": "usage", "message": message}})
        return 2
    try:
        result = COMMANDS[argv[0]](argv[1:])
    except Exception as error:  # any failure is one JSON error line, never a traceback
        code = getattr(error, "code", None)
        message = getattr(error, "message", None)
        if not isinstance(code, str) or not isinstance(message, str):
            code, message = "internal", "%s: %s" % (type(error).__name__, error)
        _write(out, {"error": {"code": code, "message": message}})
        return 2 if code == "usage" else 1
    _write(out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
