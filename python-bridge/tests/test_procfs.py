import os
import subprocess
import sys
import time
import unittest

from dpgui_bridge import procfs

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


class ProcfsTest(unittest.TestCase):
    def spawn(self, **kwargs):
        proc = subprocess.Popen(SLEEP, **kwargs)
        self.addCleanup(proc.wait)
        self.addCleanup(proc.kill)
        return proc

    def test_a_process_is_found_by_its_tag_wherever_it_sits(self):
        tagged = self.spawn(env=dict(os.environ, DPGUI_JOB_ID="t-%d" % os.getpid()), start_new_session=True)
        untagged = self.spawn(start_new_session=True)
        unrelated_root = self.spawn()  # not an ancestor of either
        time.sleep(0.2)  # let exec finish: the environment read is the new program's
        found = procfs.tree_members(unrelated_root.pid, None, ("DPGUI_JOB_ID=t-%d" % os.getpid()).encode())
        self.assertIn(tagged.pid, found)
        self.assertNotIn(untagged.pid, found)
        self.assertEqual(found[tagged.pid], procfs.start_time(tagged.pid))

    def test_descendants_and_group_members(self):
        member = self.spawn(start_new_session=True)
        found = procfs.tree_members(os.getpid(), None, None)
        self.assertIn(member.pid, found)
        self.assertNotIn(os.getpid(), found)
        other = self.spawn()
        self.assertEqual(list(procfs.tree_members(other.pid, member.pid, None)), [member.pid])  # by its group alone

    def test_alive_means_present_not_a_zombie_and_the_same_start(self):
        proc = self.spawn()
        started = procfs.start_time(proc.pid)
        self.assertTrue(procfs.alive(proc.pid, started))
        self.assertFalse(procfs.alive(proc.pid, str(int(started) + 1)))  # a reused pid
        proc.kill()
        deadline = time.monotonic() + 5
        while procfs.read_stat(proc.pid)[0] != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertFalse(procfs.alive(proc.pid))  # a zombie until reaped: gone for us

    def test_boot_id_and_start_time_read_from_proc(self):
        with open("/proc/sys/kernel/random/boot_id") as f:
            self.assertEqual(procfs.boot_id(), f.read().strip())
        self.assertTrue(procfs.start_time(os.getpid()).isdigit())
        self.assertIsNone(procfs.start_time(2**22 + 12345))


if __name__ == "__main__":
    unittest.main()
