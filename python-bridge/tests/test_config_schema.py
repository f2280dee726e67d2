"""config-schema on a Hydra-style dataclass config: without omegaconf here, and with hydra-core in a venv."""

import json
import os
import subprocess
import sys
import unittest

from dpgui_bridge.config_schema import ConfigSchemaError, parse_args

BRIDGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(BRIDGE_DIR, "tests", "fixtures", "config_schema")
TARGET = "hydra_app.config:TrainConfig"
# The venv with hydra-core lives in a cache folder so it is made once per machine, never in the system Python.
CACHE_DIR = os.environ.get("DPGUI_TEST_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "dpgui-tests")
HYDRA_VENV = os.path.join(CACHE_DIR, "hydra-core-1.3-venv")


def run_bridge(*args, python=sys.executable):
    env = dict(os.environ, PYTHONPATH=BRIDGE_DIR)
    return subprocess.run(
        [python, "-m", "dpgui_bridge", "config-schema", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=os.path.expanduser("~"),  # as from a trainer's folder: the engine is found through --path
        timeout=120,
    )


def answer(*args, python=sys.executable):
    result = run_bridge(*args, python=python)
    lines = result.stdout.splitlines()
    return result, (json.loads(lines[0]) if len(lines) == 1 else None)


def without_source(schema):
    """The schema minus the places where two environments legitimately differ (omegaconf, file paths)."""
    copy = json.loads(json.dumps(schema))
    copy["x-dpgui"].pop("omegaconf")
    copy["x-dpgui"].pop("files", None)
    return copy


class ReadsAStructuredConfigWithTheStandardLibrary(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.result, cls.schema = answer(TARGET, "--path", FIXTURES)

    def test_answers_one_json_object_even_when_the_engine_prints_on_import(self):
        self.assertEqual(self.result.returncode, 0, self.result.stdout + self.result.stderr)
        self.assertIsNotNone(self.schema, self.result.stdout)
        self.assertIn("engine imported", self.result.stderr)

    def test_nested_dataclasses_are_sections(self):
        model = self.schema["properties"]["model"]
        self.assertEqual(model["type"], "object")
        self.assertTrue(model["x-dpgui"]["section"])
        self.assertEqual(model["description"], "Which base model to train on.")
        self.assertEqual(list(model["properties"]), ["pretrained_path", "vae_path", "precision", "v_parameterization"])
        self.assertFalse(model["additionalProperties"])

    def test_missing_means_required_without_a_default(self):
        self.assertEqual(self.schema["required"], ["run_name"])
        self.assertNotIn("default", self.schema["properties"]["run_name"])
        model = self.schema["properties"]["model"]
        self.assertEqual(model["required"], ["pretrained_path"])
        self.assertNotIn("default", model["properties"]["pretrained_path"])

    def test_enums_are_choices_by_member_name(self):
        precision = self.schema["properties"]["model"]["properties"]["precision"]
        self.assertEqual(precision["enum"], ["FP16", "BF16", "FP32"])
        self.assertEqual(precision["default"], "BF16")
        self.assertEqual(precision["x-dpgui"]["enum"]["values"], ["fp16", "bf16", "fp32"])
        scheduler = self.schema["properties"]["optimizer"]["properties"]["scheduler"]
        self.assertEqual(scheduler["enum"], ["CONSTANT", "COSINE"])
        self.assertEqual(scheduler["x-dpgui"]["enum"]["values"], [1, 2])

    def test_optional_is_nullable(self):
        props = self.schema["properties"]
        self.assertEqual(props["seed"]["type"], ["integer", "null"])
        self.assertEqual(props["seed"]["default"], 42)
        dropout = props["network"]["properties"]["dropout"]
        self.assertEqual(dropout["type"], ["number", "null"])
        self.assertIsNone(dropout["default"])

    def test_lists_tuples_and_dicts(self):
        props = self.schema["properties"]
        self.assertEqual(props["resolutions"]["items"], {"type": "integer"})
        self.assertEqual(props["resolutions"]["default"], [512, 768])
        betas = props["optimizer"]["properties"]["betas"]
        self.assertEqual((betas["minItems"], betas["maxItems"]), (2, 2))
        self.assertEqual(betas["default"], [0.9, 0.999])
        self.assertEqual(props["tags"]["additionalProperties"], {"type": "string"})

    def test_default_factory_values_win_over_the_class_defaults(self):
        network = self.schema["properties"]["network"]["properties"]
        self.assertEqual(network["rank"]["default"], 32)  # NetworkConfig(rank=32), not the class's 16
        self.assertEqual(network["target_modules"]["default"], ["to_q", "to_k", "to_v"])

    def test_floats_ints_and_paths_keep_their_kind(self):
        props = self.schema["properties"]
        self.assertEqual(props["network"]["properties"]["alpha"]["x-dpgui"]["numeric"], "float")
        self.assertEqual(props["max_steps"]["type"], "integer")
        self.assertEqual(props["output_dir"]["default"], "outputs")
        self.assertTrue(props["output_dir"]["x-dpgui"]["path"])

    def test_tooltips_from_metadata_and_attribute_docstrings(self):
        props = self.schema["properties"]
        self.assertEqual(props["optimizer"]["properties"]["lr"]["description"], "Learning rate of the network.")
        self.assertEqual(props["network"]["properties"]["rank"]["description"], "Rank (dim) of the LoRA matrices.")
        self.assertEqual(props["run_name"]["description"], "Name of the run's folder and of the saved LoRA files.")
        self.assertNotIn("description", props["max_steps"])

    def test_names_the_files_it_read_so_the_app_knows_when_to_ask_again(self):
        self.assertEqual(self.schema["x-dpgui"]["files"], [os.path.join(FIXTURES, "hydra_app", "config.py")])

    def test_without_omegaconf_it_says_so(self):
        self.assertIsNone(self.schema["x-dpgui"]["omegaconf"])
        self.assertEqual(self.schema["x-dpgui"]["source"], TARGET)

    def test_matches_the_checked_answer_the_app_tests_use(self):
        # tests/fixtures/configs/generic/ holds this answer for the TypeScript side (form + ajv).
        repo = os.path.dirname(BRIDGE_DIR)
        with open(os.path.join(repo, "tests", "fixtures", "configs", "generic", "train-config.schema.json")) as handle:
            checked = json.load(handle)
        self.assertEqual(without_source(self.schema), without_source(checked))


class ReadsTypesBeyondOmegaConf(unittest.TestCase):
    def test_literal_union_and_unsupported_types(self):
        result, schema = answer("plain_app.config:SampleConfig", "--path", FIXTURES)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        props = schema["properties"]
        self.assertEqual(props["mixed"]["enum"], ["no", "fp16", "bf16"])
        self.assertEqual(props["mixed"]["type"], "string")
        self.assertEqual(props["mixed"]["description"], "Mixed precision.")
        self.assertEqual(props["size"]["anyOf"], [{"type": "integer"}, {"type": "string"}])
        self.assertTrue(props["when"]["x-dpgui"]["unsupported"])
        self.assertEqual(props["when"]["default"], "2026-01-01")


class ReportsFailuresAsJsonErrors(unittest.TestCase):
    def assert_error(self, code, *args):
        result, body = answer(*args)
        self.assertNotEqual(result.returncode, 0)
        self.assertIsNotNone(body, result.stdout + result.stderr)
        self.assertEqual(body["error"]["code"], code, body)
        self.assertTrue(body["error"]["message"])
        return body["error"]["message"]

    def test_a_module_not_on_the_path_names_the_fix(self):
        message = self.assert_error("module_not_found", TARGET)
        self.assertIn("--path", message)

    def test_a_missing_class(self):
        self.assert_error("class_not_found", "hydra_app.config:NoSuchConfig", "--path", FIXTURES)

    def test_a_class_that_is_not_a_dataclass(self):
        self.assert_error("not_a_dataclass", "hydra_app.config:Precision", "--path", FIXTURES)

    def test_usage(self):
        self.assert_error("usage")
        self.assert_error("usage", "hydra_app.config.TrainConfig")

    def test_argument_forms(self):
        self.assertEqual(parse_args(["a.b:C", "--path=/x", "--path", "/y"]), ("a.b:C", ["/x", "/y"]))
        with self.assertRaises(ConfigSchemaError):
            parse_args(["a.b:C", "--path"])


def hydra_venv_python():
    """The venv's python with hydra-core installed, or (None, reason) when it cannot be made here."""
    python = os.path.join(HYDRA_VENV, "bin", "python")
    probe = [python, "-c", "import hydra, omegaconf"]
    if os.path.exists(python) and subprocess.run(probe, capture_output=True).returncode == 0:
        return python, None
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", HYDRA_VENV], check=True, capture_output=True, timeout=300)
        install = subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "hydra-core==1.3.2"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return None, "could not make a venv in %s: %s" % (HYDRA_VENV, error)
    if install.returncode != 0:
        return None, "pip could not install hydra-core: %s" % install.stderr.strip()[-300:]
    return python, None


# Run in the venv: what Hydra itself composes from the same class, to compare with our defaults.
HYDRA_COMPOSE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from hydra import compose, initialize
from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf
from hydra_app.config import TrainConfig
ConfigStore.instance().store(name="train", node=TrainConfig)
with initialize(version_base=None, config_path=None):
    cfg = compose(config_name="train", overrides=["run_name=demo", "model.pretrained_path=/m.safetensors"])
print(json.dumps(OmegaConf.to_container(cfg, enum_to_str=True), default=str))
"""


def schema_defaults(schema):
    """The config a form would start from: every default, sections filled in."""
    values = {}
    for name, prop in schema["properties"].items():
        if prop.get("type") == "object" and "properties" in prop:
            values[name] = schema_defaults(prop)
        elif "default" in prop:
            values[name] = prop["default"]
    return values


class ReadsTheSameConfigWithHydraInstalled(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.python, reason = hydra_venv_python()
        if cls.python is None:
            print("\nskipped: hydra-core venv unavailable: %s" % reason, file=sys.stderr)
            raise unittest.SkipTest(reason)
        cls.result, cls.schema = answer(TARGET, "--path", FIXTURES, python=cls.python)
        cls.plain = answer(TARGET, "--path", FIXTURES)[1]

    def test_omegaconf_is_recognised(self):
        self.assertEqual(self.result.returncode, 0, self.result.stdout + self.result.stderr)
        self.assertTrue(self.schema["x-dpgui"]["omegaconf"].startswith("2."))

    def test_same_schema_as_without_it(self):
        self.assertEqual(without_source(self.schema), without_source(self.plain))

    def test_defaults_are_what_hydra_composes(self):
        composed = subprocess.run(
            [self.python, "-c", HYDRA_COMPOSE, FIXTURES], capture_output=True, text=True, timeout=120, cwd=os.path.expanduser("~")
        )
        self.assertEqual(composed.returncode, 0, composed.stderr)
        hydra_config = json.loads(composed.stdout.splitlines()[-1])
        expected = schema_defaults(self.schema)
        # The two MISSING fields are what the overrides filled in; everything else is a default.
        expected["run_name"] = "demo"
        expected["model"]["pretrained_path"] = "/m.safetensors"
        self.assertEqual(hydra_config, expected)


if __name__ == "__main__":
    unittest.main()
