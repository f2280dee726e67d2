"""Command line of the bridge: `python -m dpgui_bridge <command>` with python-bridge/ on PYTHONPATH.

Each command prints exactly one JSON object on stdout. A failure prints
{"error": {"code": ..., "message": ...}} on stdout too, with a non-zero exit status, so the app
never has to guess from a traceback.
"""

import json
import sys

from .info import interpreter_info

COMMANDS = {
    "info": interpreter_info,
}


def main(argv, out=sys.stdout):
    if len(argv) != 1 or argv[0] not in COMMANDS:
        given = " ".join(argv) or "(none)"
        message = "unknown command %s; commands: %s" % (given, ", ".join(sorted(COMMANDS)))
        out.write(json.dumps({"error": {"code": "usage", "message": message}}) + "\n")
        return 2
    out.write(json.dumps(COMMANDS[argv[0]]()) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
