import unittest

from tests.support.bridge import FAKE_ENV, bridge_env, run_bridge


class GpusTest(unittest.TestCase):
    def test_the_gpus_this_torch_sees_with_the_visible_devices_in_force(self):
        code, report, _ = run_bridge(["gpus"], env=bridge_env([FAKE_ENV], FAKE_TORCH_GPUS="2", CUDA_VISIBLE_DEVICES="3,5"))
        self.assertEqual(code, 0, report)
        self.assertEqual(report["cuda_visible_devices"], "3,5")
        self.assertEqual((report["torch"], report["cuda_build"], report["cuda_available"]), ("2.11.0+cu130", "13.0", True))
        self.assertEqual([g["index"] for g in report["gpus"]], [0, 1])
        first = report["gpus"][0]
        self.assertEqual(first["name"], "NVIDIA H100 80GB HBM3")
        self.assertEqual(first["total_memory"], 85017493504)
        self.assertEqual(first["uuid"], "GPU-96337764-3c55-536d-cd40-23bc9ea9e890")  # as nvidia-smi writes it
        self.assertEqual(first["pci_bus_id"], "00000000:06:00.0")

    def test_no_gpu_is_an_empty_list_not_an_error(self):
        code, report, _ = run_bridge(["gpus"], env=bridge_env([FAKE_ENV], FAKE_TORCH="no_gpu"))
        self.assertEqual((code, report["cuda_available"], report["gpus"]), (0, False, []))
        self.assertIsNone(report["cuda_visible_devices"])

    def test_without_torch_a_clear_error(self):
        env = bridge_env([])
        code, report, stderr = run_bridge(["gpus"], env=env)
        if code == 0:
            self.skipTest("a real torch is importable here")
        self.assertEqual(report["error"]["code"], "torch_missing")
        self.assertIn("torch is not installed", report["error"]["message"])
        self.assertEqual(stderr, "")

    def test_a_hanging_torch_is_a_timeout(self):
        code, report, _ = run_bridge(["gpus", "--timeout", "1"], env=bridge_env([FAKE_ENV], FAKE_TORCH="hang"))
        self.assertEqual(code, 1)
        self.assertEqual(report["error"]["code"], "timeout")
        self.assertIn("import torch", report["error"]["message"])

    def test_a_broken_torch(self):
        code, report, _ = run_bridge(["gpus"], env=bridge_env([FAKE_ENV], FAKE_TORCH="broken"))
        self.assertEqual((code, report["error"]["code"]), (1, "torch_import_failed"))
        self.assertIn("libcudnn.so.9", report["error"]["message"])


if __name__ == "__main__":
    unittest.main()
