"""`info`: which interpreter this is, so the app can check it is the one the user chose."""

import platform
import sys

from . import BRIDGE_VERSION, MIN_PYTHON
from .options import parse_options


def interpreter_info():
    version = sys.version_info
    return {
        "bridge": BRIDGE_VERSION,
        "python": "%d.%d.%d" % (version.major, version.minor, version.micro),
        "python_supported": (version.major, version.minor) >= MIN_PYTHON,
        "executable": sys.executable,
        "prefix": sys.prefix,
        "in_venv": sys.prefix != getattr(sys, "base_prefix", sys.prefix),
        "implementation": platform.python_implementation(),
        "platform": sys.platform,
        "machine": platform.machine(),
    }


def info_command(argv):
    parse_options("info", argv)
    return interpreter_info()
