import os
import shutil
import tempfile
import time
import unittest

from tests.support.bridge import FAKE_BIN, FAKE_ENV, bridge_env, run_bridge


def doctor(*args, fake_env=True, smi=True, **env):
    environment = bridge_env([FAKE_ENV] if fake_env else [], **env)
    if smi:
        environment["PATH"] = FAKE_BIN + os.pathsep + environment.get("PATH", "")
    code, report, stderr = run_bridge(["doctor"] + list(args), env=environment)
    assert code == 0, report
    return report


def by_id(report):
    return {c["id"]: c for c in report["checks"]}


class DoctorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        probe = run_bridge(["doctor", "--timeout", "30"], env=bridge_env())[1]
        if by_id(probe)["torch.import"]["status"] != "fail":
            raise unittest.SkipTest("a real torch is importable here; the fake-torch cases need it absent")

    def test_every_check_has_a_status_and_a_sentence(self):
        report = doctor()
        for c in report["checks"]:
            self.assertIn(c["status"], ("ok", "warn", "fail"))
            self.assertTrue(c["message"].endswith("."), c)
        self.assertEqual(sum(report["summary"].values()), len(report["checks"]))
        self.assertEqual(report["ok"], report["summary"]["fail"] == 0)
        self.assertEqual(by_id(report)["python.version"]["status"], "ok")

    def test_torch_missing(self):
        checks = by_id(doctor(fake_env=False))
        self.assertEqual(checks["torch.import"]["status"], "fail")
        self.assertIn("torch is not installed", checks["torch.import"]["message"])
        self.assertNotIn("torch.cuda", checks)

    def test_versions_found(self):
        report = doctor(FAKE_TORCH_GPUS="2")
        checks = by_id(report)
        self.assertEqual(checks["torch.import"]["version"], "2.11.0+cu130")
        self.assertEqual(checks["torch.import"]["cuda_build"], "13.0")
        cuda = checks["torch.cuda"]
        self.assertEqual(cuda["status"], "ok")
        self.assertEqual([d["name"] for d in cuda["devices"]], ["NVIDIA H100 80GB HBM3"] * 2)
        self.assertEqual(cuda["devices"][0]["total_memory"], 85017493504)
        self.assertIn("79.2 GiB", cuda["message"])
        self.assertEqual(checks["nvidia.driver"]["status"], "ok")
        self.assertEqual(checks["nvidia.driver"]["driver_version"], "580.159.04")
        self.assertEqual((checks["package.accelerate"]["status"], checks["package.accelerate"]["version"]), ("ok", "1.6.0"))
        self.assertEqual(checks["package.xformers"]["version"], None)
        self.assertTrue(report["ok"] or checks["python.environment"]["status"] != "fail")

    def test_cuda_unavailable(self):
        checks = by_id(doctor(FAKE_TORCH="no_gpu"))
        self.assertEqual(checks["torch.cuda"]["status"], "fail")
        self.assertIn("sees no GPU", checks["torch.cuda"]["message"])
        checks = by_id(doctor(FAKE_TORCH="cpu_build"))
        self.assertEqual(checks["torch.cuda"]["status"], "fail")
        self.assertIn("CPU-only build", checks["torch.cuda"]["message"])

    def test_a_driver_older_than_the_cuda_build(self):
        checks = by_id(doctor(FAKE_TORCH_CUDA="12.4", FAKE_DRIVER_CUDA="11.8"))
        self.assertEqual(checks["nvidia.driver"]["status"], "fail")
        self.assertIn("CUDA up to 11.8", checks["nvidia.driver"]["message"])
        self.assertIn("update the NVIDIA driver", checks["nvidia.driver"]["message"])
        minor = by_id(doctor(FAKE_TORCH_CUDA="12.4", FAKE_DRIVER_CUDA="12.2"))["nvidia.driver"]
        self.assertEqual(minor["status"], "warn")
        newer = by_id(doctor(FAKE_TORCH_CUDA="12.4", FAKE_DRIVER_CUDA="13.0"))["nvidia.driver"]
        self.assertEqual(newer["status"], "ok")

    def test_no_nvidia_smi_and_a_failing_one(self):
        self.assertEqual(by_id(doctor(smi=False))["nvidia.driver"]["status"], "warn")
        failing = by_id(doctor(FAKE_NVIDIA_SMI="fail"))["nvidia.driver"]
        self.assertEqual(failing["status"], "fail")
        self.assertIn("couldn't communicate", failing["message"])

    def test_a_hanging_import_is_a_timeout_and_does_not_hold_up_the_report(self):
        started = time.monotonic()
        report = doctor("--timeout", "2", FAKE_TORCH="hang")
        self.assertLess(time.monotonic() - started, 15)
        checks = by_id(report)
        self.assertEqual(checks["torch.import"]["status"], "fail")
        self.assertTrue(checks["torch.import"]["timed_out"])
        self.assertIn("import torch did not finish within 2 s", checks["torch.import"]["message"])
        # accelerate imports torch: it hangs too, and is named as the one that hung
        self.assertTrue(checks["package.accelerate"]["timed_out"])
        self.assertEqual(checks["package.deepspeed"]["status"], "warn")

    def test_a_broken_torch(self):
        checks = by_id(doctor(FAKE_TORCH="broken"))
        self.assertEqual(checks["torch.import"]["status"], "fail")
        self.assertIn("libcudnn.so.9", checks["torch.import"]["message"])
        # installed but broken is a failure whether or not a trainer here needs it
        self.assertEqual(checks["package.accelerate"]["status"], "fail")
        self.assertIn("does not import", checks["package.accelerate"]["message"])
        self.assertIn("libcudnn.so.9", checks["package.accelerate"]["message"])


class TrainerFolderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dpgui-doctor-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def write(self, relative, text=""):
        path = os.path.join(self.tmp, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def test_sd_scripts_scripts_exist_and_their_imports_resolve(self):
        guarded = "import torch\nfrom library import train_util\n\nif __name__ == '__main__':\n    raise SystemExit('must not run')\n"
        self.write("sd/library/__init__.py")
        self.write("sd/library/train_util.py", "import accelerate\n")
        self.write("sd/train_network.py", guarded)
        self.write("sd/sdxl_train_network.py", "import torch\nimport library.sdxl_missing_util\nif __name__ == '__main__':\n    pass\n")
        self.write("sd/flux_train_network.py", "import some_missing_package\nprint('would train')\n")  # no guard
        checks = by_id(doctor("--sd-scripts", os.path.join(self.tmp, "sd")))
        self.assertEqual(checks["sd_scripts.folder"]["status"], "ok")
        self.assertEqual(checks["sd_scripts.train_network"]["status"], "ok", checks["sd_scripts.train_network"])
        self.assertEqual(checks["sd_scripts.sdxl_train_network"]["status"], "fail")
        self.assertEqual(checks["sd_scripts.sdxl_train_network"]["missing"], ["library.sdxl_missing_util"])
        self.assertEqual(checks["sd_scripts.sd3_train_network"]["status"], "warn")
        self.assertIn("missing", checks["sd_scripts.sd3_train_network"]["message"])
        self.assertEqual(checks["sd_scripts.flux_train_network"]["missing"], ["some_missing_package"])
        self.assertEqual(checks["package.transformers"]["status"], "fail")  # sd-scripts needs it
        self.assertIn("sd-scripts needs it", checks["package.transformers"]["message"])

    def test_a_folder_that_is_not_sd_scripts(self):
        checks = by_id(doctor("--sd-scripts", self.tmp))
        self.assertEqual(checks["sd_scripts.folder"]["status"], "fail")
        self.assertIn("library/", checks["sd_scripts.folder"]["message"])

    def test_diffusion_pipe_submodules_and_python_version(self):
        self.write("dp/train.py")
        self.write("dp/README.md", "conda create -n diffusion-pipe python=3.9\n")
        self.write("dp/.gitmodules", '[submodule "submodules/A"]\n\tpath = submodules/A\n\turl = x\n[submodule "submodules/B"]\n\tpath = submodules/B\n\turl = y\n')
        self.write("dp/submodules/A/model.py", "x = 1\n")
        os.makedirs(os.path.join(self.tmp, "dp", "submodules", "B"))
        checks = by_id(doctor("--diffusion-pipe", os.path.join(self.tmp, "dp")))
        self.assertEqual(checks["diffusion_pipe.train_py"]["status"], "ok")
        self.assertEqual(checks["diffusion_pipe.submodules"]["status"], "fail")
        self.assertEqual(checks["diffusion_pipe.submodules"]["empty"], ["submodules/B"])
        self.assertIn("git submodule update --init --recursive", checks["diffusion_pipe.submodules"]["message"])
        self.assertEqual(checks["diffusion_pipe.python"]["status"], "warn")
        self.assertEqual(checks["diffusion_pipe.python"]["wanted"], "3.9")
        self.write("dp/submodules/B/model.py", "x = 1\n")
        self.assertEqual(by_id(doctor("--diffusion-pipe", os.path.join(self.tmp, "dp")))["diffusion_pipe.submodules"]["status"], "ok")

    def test_free_disk_at_the_output_folder(self):
        check = by_id(doctor("--output", os.path.join(self.tmp, "out", "later")))["output.disk"]
        self.assertIn(check["status"], ("ok", "warn", "fail"))
        self.assertAlmostEqual(check["free_bytes"], shutil.disk_usage(self.tmp).free, delta=512 * 1024**2)
        self.assertIn("to be created", check["message"])


class OptionsTest(unittest.TestCase):
    def test_an_unknown_option_is_a_json_usage_error(self):
        code, answer, stderr = run_bridge(["doctor", "--frobnicate"])
        self.assertEqual(code, 2)
        self.assertEqual(answer["error"]["code"], "usage")
        self.assertIn("--frobnicate", answer["error"]["message"])
        self.assertEqual(stderr, "")


if __name__ == "__main__":
    unittest.main()
