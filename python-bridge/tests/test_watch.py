import os
import shutil
import tempfile
import unittest

from dpgui_bridge.watch import OutputWatcher, classify


class ClassifyTest(unittest.TestCase):
    def test_checkpoints_samples_and_the_rest(self):
        self.assertEqual(classify("lora-step00000005.safetensors", False), "checkpoint_saved")
        self.assertEqual(classify("model.CKPT", False), "checkpoint_saved")
        self.assertEqual(classify("lora_000005_00_20261125_1.png", False), "sample_saved")
        self.assertEqual(classify("clip.mp4", False), "sample_saved")
        self.assertIsNone(classify("config.toml", False))
        self.assertIsNone(classify(".lora.safetensors", False))
        self.assertIsNone(classify("lora.safetensors.tmp", False))
        self.assertEqual(classify("lora-step00000005-state", True), "checkpoint_saved")
        self.assertEqual(classify("global_step100", True), "checkpoint_saved")
        self.assertIsNone(classify("sample", True))


class OutputWatcherTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="dpgui-watch-")
        self.addCleanup(shutil.rmtree, self.root, True)

    def write(self, relative, data=b"x"):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "ab") as f:
            f.write(data)
        return path

    def test_a_new_file_is_reported_once_when_it_stopped_growing(self):
        self.write("old.safetensors")
        watcher = OutputWatcher([self.root])
        path = self.write("new.safetensors")
        self.assertEqual(watcher.poll(), [])  # first sight: maybe still being written
        self.write("new.safetensors", b"more")
        self.assertEqual(watcher.poll(), [])  # it grew
        self.assertEqual(watcher.poll(), [("checkpoint_saved", path)])
        self.assertEqual(watcher.poll(), [])

    def test_the_final_poll_does_not_wait(self):
        watcher = OutputWatcher([self.root])
        path = self.write("sample/a.png")
        self.assertEqual(watcher.poll(final=True), [("sample_saved", path)])

    def test_a_state_folder_is_one_event_and_its_files_none(self):
        watcher = OutputWatcher([self.root])
        self.write("run/lora-step00000005-state/model.safetensors")
        self.write("run/lora-step00000005-state/optimizer.bin")
        watcher.poll()
        self.assertEqual(watcher.poll(), [("checkpoint_saved", os.path.join(self.root, "run", "lora-step00000005-state"))])

    def test_a_folder_that_appears_later_is_watched(self):
        later = os.path.join(self.root, "not-yet")
        watcher = OutputWatcher([later])
        self.assertEqual(watcher.poll(), [])
        path = os.path.join(later, "20261125_12-00-00", "epoch1", "adapter_model.safetensors")
        os.makedirs(os.path.dirname(path))
        open(path, "wb").close()
        watcher.poll()
        self.assertEqual(watcher.poll(), [("checkpoint_saved", path)])


if __name__ == "__main__":
    unittest.main()
