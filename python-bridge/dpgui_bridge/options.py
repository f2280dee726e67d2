"""Per-command options with argparse, whose mistakes become a `usage` BridgeError instead of exit(2)."""

import argparse

from .errors import BridgeError


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise BridgeError("usage", "%s: %s; usage: %s" % (self.prog, message, self.format_usage().strip()))


def parse_options(prog, argv, configure=None):
    parser = _Parser(prog="dpgui_bridge " + prog, add_help=False, allow_abbrev=False)
    if configure is not None:
        configure(parser)
    return parser.parse_args(argv)
