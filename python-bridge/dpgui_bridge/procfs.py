"""What Linux's /proc says about processes: identity (start time, boot id), parents, groups, tags.

The one platform-specific part of the wrapper besides fork/setsid/prctl (decisions.md: Platforms).
"""

import ctypes
import os

PR_SET_CHILD_SUBREAPER = 36


def boot_id():
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def read_stat(pid):
    """(state, ppid, pgid, sid, start_time) of a process, or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    fields = data[data.rfind(")") + 2 :].split()
    try:
        return fields[0], int(fields[1]), int(fields[2]), int(fields[3]), fields[19]
    except (IndexError, ValueError):
        return None


def start_time(pid):
    """Clock ticks since boot when the process started (/proc/<pid>/stat field 22), as a decimal string."""
    stat = read_stat(pid)
    return stat[4] if stat else None


def alive(pid, expected_start=None):
    """Present in /proc, not a zombie, and (when given) the same start time: not a reused pid."""
    stat = read_stat(pid)
    if stat is None or stat[0] in ("Z", "X", "x"):
        return False
    return expected_start is None or stat[4] == expected_start


def all_pids():
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def has_tag(pid, tag):
    """Whether the process's environment holds `tag` (e.g. b"DPGUI_JOB_ID=42")."""
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            return tag in f.read().split(b"\0")
    except OSError:
        return False


def tree_members(root_pid, pgid, tag):
    """Live processes of a job's tree: descendants of root_pid, members of group pgid, and every
    process tagged with `tag`. Maps pid -> start time; root_pid itself is never included."""
    stats = {}
    for pid in all_pids():
        stat = read_stat(pid)
        if stat is not None:
            stats[pid] = stat
    children = {}
    for pid, stat in stats.items():
        children.setdefault(stat[1], []).append(pid)
    found = set()
    todo = list(children.get(root_pid, ()))
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, ()))
    for pid, stat in stats.items():
        if pgid is not None and stat[2] == pgid:
            found.add(pid)
        elif tag is not None and pid not in found and has_tag(pid, tag):
            found.add(pid)
    found.discard(root_pid)
    found.discard(os.getpid())
    return {pid: stats[pid][4] for pid in found if stats[pid][0] not in ("Z", "X", "x")}


def make_child_subreaper():
    """prctl(PR_SET_CHILD_SUBREAPER): orphans of our tree become our children, not init's."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
