"""What the wrapper and the progress hook write is what the app reads: launch.json, exit.json and every
events.jsonl line checked against the contract's JSON Schemas (src/shared/contract/bridge-files.ts,
exported to tests/schemas/ by tests/support/write-bridge-schemas.ts; the TypeScript readers validate
against the same schemas with ajv).

python-bridge is stdlib-only, so the schemas are checked by the small validator below. It knows the
keywords those schemas use and refuses any other, so a schema that grows a keyword it does not know
fails here instead of passing unchecked.
"""

import json
import os
import sys
import unittest

from tests.support.bridge import HOOK_DIR, read_events, read_json
from tests.support.tool_venv import ensure_tool_venv
from tests.test_launch import LaunchCase

sys.path.insert(0, HOOK_DIR)
import dpgui_progress_hook as hook  # noqa: E402

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
KEYWORDS = {"type", "const", "enum", "required", "properties", "additionalProperties", "items", "anyOf", "minimum"}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def load_schema(name):
    with open(os.path.join(SCHEMA_DIR, name)) as f:
        return json.load(f)


def errors(schema, value, path="$"):
    """Where `value` does not fit `schema`, as "path: what" strings; empty when it fits."""
    unknown = set(schema) - KEYWORDS
    if unknown:
        raise ValueError("%s: the test validator does not know %s" % (path, sorted(unknown)))
    if "anyOf" in schema:
        if all(errors(option, value, path) for option in schema["anyOf"]):
            return ["%s: fits none of %d alternatives" % (path, len(schema["anyOf"]))]
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[t](value) for t in types):
            return ["%s: %r is not %s" % (path, value, " or ".join(types))]
    if "const" in schema and (value != schema["const"] or type(value) is not type(schema["const"])):
        return ["%s: %r is not %r" % (path, value, schema["const"])]
    if "enum" in schema and value not in schema["enum"]:
        return ["%s: %r is not one of %r" % (path, value, schema["enum"])]
    if "minimum" in schema and TYPES["number"](value) and value < schema["minimum"]:
        return ["%s: %r is below %r" % (path, value, schema["minimum"])]
    found = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += ["%s: %s is missing" % (path, key) for key in schema.get("required", []) if key not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                found += errors(properties[key], item, "%s.%s" % (path, key))
            elif extra is False:
                found.append("%s: %s is not declared" % (path, key))
            elif isinstance(extra, dict):
                found += errors(extra, item, "%s.%s" % (path, key))
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(schema["items"], item, "%s[%d]" % (path, index))
    return found


class ValidatorTest(unittest.TestCase):
    """The validator itself must be able to say no, or the checks below prove nothing."""

    def test_it_refuses_what_the_schemas_refuse(self):
        launch = load_schema("launch.schema.json")
        self.assertTrue(errors(launch, {"format": 1}))
        self.assertTrue(errors(load_schema("exit.schema.json"), {"format": True}))
        event = load_schema("event.schema.json")
        self.assertEqual(errors(event, {"t": 1.5, "type": "sample_saved", "path": "/a.png"}), [])
        self.assertTrue(errors(event, {"t": 1.5, "type": "sample_saved", "path": "/a.png", "x": 1}))
        self.assertTrue(errors(event, {"t": 1.5, "type": "started", "pid": True, "rank": 0}))
        self.assertTrue(errors(event, {"t": 1.5, "type": "hook_error"}))

    def test_it_refuses_a_keyword_it_does_not_know(self):
        with self.assertRaises(ValueError):
            errors({"type": "string", "pattern": "^a"}, "a")


class WrittenFilesTest(LaunchCase):
    def assertFits(self, name, value):
        self.assertEqual(errors(load_schema(name), value), [], value)

    def check_run(self, python=sys.executable, path=None):
        watch = os.path.join(self.tmp, "output")
        os.mkdir(watch)
        extra = {} if path is None else {"path": path}
        record = self.launch(["--steps", "4", "--step-s", "0.05", "--watch", watch], python=python, watch=[watch], **extra)
        self.assertFits("launch.schema.json", record)  # the wrapper's answer to the app
        self.assertFits("launch.schema.json", read_json(self.path("launch.json")))
        exit_record = self.wait_exit()
        self.assertFits("exit.schema.json", exit_record)
        events = read_events(self.run_dir)
        kinds = {e["type"] for e in events}
        self.assertTrue({"started", "progress", "checkpoint_saved", "sample_saved"} <= kinds, kinds)
        for event in events:
            self.assertFits("event.schema.json", event)

    def test_launch_exit_and_events_fit_the_contract(self):
        self.check_run()

    def test_the_same_with_real_tqdm(self):
        try:
            python = ensure_tool_venv()
        except RuntimeError as error:
            self.skipTest("no venv with real tqdm: %s" % error)
        self.check_run(python=python, path=())

    def test_a_stopped_run_and_a_hook_error_fit_too(self):
        record = self.launch(["--steps", "1000", "--step-s", "0.05"])
        with open(self.path("stop"), "w") as f:
            f.write("user")
        exit_record = self.wait_exit()
        self.assertEqual(exit_record["stop_requested_by"], "stop_file:user")
        self.assertFits("launch.schema.json", record)
        self.assertFits("exit.schema.json", exit_record)
        lines = []
        hook.Reporter(lambda line: lines.append(json.loads(line)), use_thread=False).fail(RuntimeError("boom"))
        self.assertEqual([e["type"] for e in lines], ["hook_error"])
        self.assertFits("event.schema.json", lines[0])


if __name__ == "__main__":
    unittest.main()
