import io
import json
import os
import subprocess
import sys
import unittest

from dpgui_bridge import BRIDGE_VERSION
from dpgui_bridge.__main__ import main

BRIDGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_bridge(*args):
    env = dict(os.environ, PYTHONPATH=BRIDGE_DIR)
    return subprocess.run(
        [sys.executable, "-m", "dpgui_bridge", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=os.path.expanduser("~"),  # as in a trainer's folder: not beside the bridge
        timeout=30,
    )


class InfoCommandTest(unittest.TestCase):
    def test_reports_the_interpreter_it_runs_in(self):
        result = run_bridge("info")
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["bridge"], BRIDGE_VERSION)
        self.assertEqual(report["executable"], sys.executable)
        self.assertEqual(report["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertTrue(report["python_supported"])

    def test_prints_exactly_one_json_line(self):
        out = io.StringIO()
        self.assertEqual(main(["info"], out=out), 0)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 1)
        json.loads(lines[0])


class UsageTest(unittest.TestCase):
    def test_an_unknown_command_is_a_json_error_not_a_traceback(self):
        result = run_bridge("train-everything")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "")
        error = json.loads(result.stdout)["error"]
        self.assertEqual(error["code"], "usage")
        self.assertIn("train-everything", error["message"])
        self.assertIn("info", error["message"])


if __name__ == "__main__":
    unittest.main()
