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


class DispatchTest(unittest.TestCase):
    """A command is a function of its argv; adding one is one entry in COMMANDS."""

    def run_with(self, command, argv):
        from dpgui_bridge import __main__ as cli

        saved = dict(cli.COMMANDS)
        cli.COMMANDS["probe-test"] = command
        try:
            out = io.StringIO()
            status = cli.main(["probe-test"] + argv, out=out)
        finally:
            cli.COMMANDS.clear()
            cli.COMMANDS.update(saved)
        return status, json.loads(out.getvalue())

    def test_a_command_gets_the_words_after_its_name(self):
        self.assertEqual(self.run_with(lambda argv: {"argv": argv}, ["--x", "1"]), (0, {"argv": ["--x", "1"]}))

    def test_an_error_with_a_code_is_passed_on(self):
        class EngineError(Exception):
            code, message = "module_not_found", "cannot find module x"

        def fail(argv):
            raise EngineError()

        self.assertEqual(self.run_with(fail, []), (1, {"error": {"code": "module_not_found", "message": "cannot find module x"}}))

    def test_an_unexpected_exception_is_an_internal_error_not_a_traceback(self):
        status, answer = self.run_with(lambda argv: 1 / 0, [])
        self.assertEqual(status, 1)
        self.assertEqual(answer["error"]["code"], "internal")
        self.assertIn("ZeroDivisionError", answer["error"]["message"])

    def test_info_takes_no_options(self):
        result = run_bridge("info", "--verbose")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(json.loads(result.stdout)["error"]["code"], "usage")


if __name__ == "__main__":
    unittest.main()
