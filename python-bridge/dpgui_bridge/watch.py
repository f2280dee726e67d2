"""New checkpoints and samples in the trainer's output folders, seen by polling (no inotify needed).

A file is reported once, when it is new since the watch began and its size and mtime did not change
between two scans (the trainer writes checkpoints in place, so a growing file is not done yet).
Checkpoint state folders (sd-scripts' `*-state`, DeepSpeed's `global_step*`) are reported as one
folder, not file by file.
"""

import os
import re

CHECKPOINT_SUFFIXES = (".safetensors", ".ckpt", ".pt", ".pth", ".bin")
SAMPLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".mp4")
STATE_FOLDER = re.compile(r"(-state|^global_step\d+)$")
MAX_DEPTH = 4


def classify(name, is_dir):
    lower = name.lower()
    if name.startswith(".") or lower.endswith((".tmp", ".part")):
        return None
    if is_dir:
        return "checkpoint_saved" if STATE_FOLDER.search(name) else None
    if lower.endswith(CHECKPOINT_SUFFIXES):
        return "checkpoint_saved"
    if lower.endswith(SAMPLE_SUFFIXES):
        return "sample_saved"
    return None


def _folder_signature(path):
    total, count, newest = 0, 0, 0.0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            total += st.st_size
            count += 1
            newest = max(newest, st.st_mtime)
    return (total, count, newest)


def scan(roots):
    """{path: (event type, signature)} for every reportable file or state folder under roots."""
    found = {}

    def walk(folder, depth):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                kind = classify(entry.name, is_dir)
                if is_dir and kind:
                    found[entry.path] = (kind, _folder_signature(entry.path))
                elif is_dir and depth < MAX_DEPTH:
                    walk(entry.path, depth + 1)
                elif kind:
                    st = entry.stat(follow_symlinks=False)
                    found[entry.path] = (kind, (st.st_size, st.st_mtime_ns))
            except OSError:
                continue

    for root in roots:
        walk(root, 0)
    return found


class OutputWatcher:
    def __init__(self, roots):
        self.roots = list(roots)
        self.known = set(scan(self.roots))  # what was there before the training began is not news
        self.previous = {}

    def poll(self, final=False):
        """[(event type, path)] newly complete since the last poll; `final` skips the stability wait."""
        current = scan(self.roots)
        events = []
        for path, (kind, signature) in sorted(current.items()):
            if path in self.known:
                continue
            if final or self.previous.get(path) == (kind, signature):
                self.known.add(path)
                events.append((kind, path))
        self.previous = current
        return events
