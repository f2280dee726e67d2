"""The bridge runs in the user's interpreter: Python 3.10 at the oldest. No 3.10 is installed here,
so a version linter (vermin, in a throwaway venv) checks that nothing newer is used."""

import os
import subprocess
import sys
import tempfile
import unittest

from tests.support.bridge import BRIDGE_DIR
from tests.support.tool_venv import ensure_tool_venv


def vermin(python):
    return os.path.join(os.path.dirname(python), "vermin")


class Python310CompatTest(unittest.TestCase):
    def test_the_bridge_uses_nothing_newer_than_python_3_10(self):
        try:
            python = ensure_tool_venv()
        except RuntimeError as error:
            print("\nskipped: no venv with vermin: %s" % error, file=sys.stderr)
            self.skipTest("no venv with vermin: %s" % error)
        package = os.path.join(BRIDGE_DIR, "dpgui_bridge")
        proc = subprocess.run(
            [vermin(python), "-t=3.10-", "--no-tips", "--violations", package],
            capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_the_linter_would_catch_a_newer_feature(self):
        try:
            python = ensure_tool_venv()
        except RuntimeError as error:
            self.skipTest("no venv with vermin: %s" % error)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "newer.py")
            with open(path, "w") as f:
                f.write("import tomllib\nprint(tomllib.loads('a = 1'))\n")  # tomllib is 3.11+
            proc = subprocess.run(
                [vermin(python), "-t=3.10-", "--no-tips", "--violations", path],
                capture_output=True, text=True, timeout=120,
            )
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertIn("tomllib", proc.stdout)


if __name__ == "__main__":
    unittest.main()
