"""Schemathesis hooks for `npm run test:fuzz`: name the things seeded in the fuzzed host.

A generated body's id (`id`; `jobId` for logs.* and configs.validate; and jobs.reorder's `to.before`)
is, as often as not, replaced by an id the host really has (tests/fuzz/seed-fuzz-data.ts made them),
and a dataset's file `path` (or `paths`) by a file in it, so the channels that take one are fuzzed past
their 404. Only a value that is already a valid id string
is replaced, so a body meant to be invalid stays invalid. Every call that named a seeded id is recorded
(channel and status) for the summary that schemathesis.ts prints.

DPGUI_FUZZ_IDS names a JSON file: {"jobs": {"kept": [...], "spare": [...]}, "datasets": ...,
"presets": ..., "datasetFiles": [...], "record": "<file the calls are appended to>"}.
"""

import ast
import json
import os
import threading

import schemathesis
from hypothesis import strategies as st

# CPython 3.11's AST builder is not thread-safe (python/cpython#106905): with two workers, Hypothesis
# naming the filters of two query parameters at once (the file routes') fails the run with
# "SystemError: AST constructor recursion depth mismatch". One parse at a time avoids it.
_AST_LOCK = threading.Lock()
_ast_parse = ast.parse


def _parse_one_at_a_time(*args, **kwargs):
    with _AST_LOCK:
        return _ast_parse(*args, **kwargs)


ast.parse = _parse_one_at_a_time

with open(os.environ["DPGUI_FUZZ_IDS"], encoding="utf-8") as _file:
    _SEEDED = json.load(_file)
_RECORD_LOCK = threading.Lock()
# The destructive channels name only the spare ids, so that the kept ones live through the run.
_DESTRUCTIVE = {"jobs.delete", "datasets.remove", "presets.delete"}


def _channel(operation):
    return operation.path.rsplit("/", 1)[-1]


def _kind(channel):
    if channel.startswith("jobs.") or channel.startswith("logs.") or channel == "configs.validate":
        return "jobs"
    if channel.startswith("datasets."):
        return "datasets"
    if channel.startswith("presets."):
        return "presets"
    return None


def _id_fields(channel):
    return ("jobId",) if channel.startswith("logs.") or channel == "configs.validate" else ("id",)


def _is_id(value):
    # The shortest maxLength of an id in the contract is 64 (datasets).
    return isinstance(value, str) and 1 <= len(value) <= 64


def _pool(channel):
    kind = _kind(channel)
    if kind is None:
        return []
    return _SEEDED[kind]["spare" if channel in _DESTRUCTIVE else "kept"]


@schemathesis.hook
def flatmap_body(context, body):
    channel = _channel(context.operation)
    pool = _pool(channel)
    if not pool or not isinstance(body, dict):
        return st.just(body)
    choices = [st.just(body)]
    for name in _id_fields(channel):
        if _is_id(body.get(name)):
            choices.append(st.sampled_from(pool).map(lambda real, name=name: {**body, name: real}))
            files = _seeded_files(body)
            if files is not None:
                choices.append(st.sampled_from(pool).map(lambda real, name=name: {**body, **files, name: real}))
    target = body.get("to")
    if channel == "jobs.reorder" and isinstance(target, dict) and _is_id(target.get("before")):
        choices.append(
            st.sampled_from(pool).map(lambda real: {**body, "to": {**target, "before": real}})
        )
    return st.one_of(*choices)


def _is_path(value):
    return isinstance(value, str) and 1 <= len(value) <= 4096


def _seeded_files(body):
    """A dataset body's `path` or `paths`, naming the seeded dataset's file instead; None if it has none."""
    files = _SEEDED["datasetFiles"]
    if _is_path(body.get("path")):
        return {"path": files[0]}
    paths = body.get("paths")
    if isinstance(paths, list) and paths and all(_is_path(p) for p in paths):
        return {"paths": files}
    return None


def _names_seeded_id(channel, body):
    kind = _kind(channel)
    if kind is None or not isinstance(body, dict):
        return False
    seeded = set(_SEEDED[kind]["kept"]) | set(_SEEDED[kind]["spare"])
    if any(body.get(name) in seeded for name in _id_fields(channel) if isinstance(body.get(name), str)):
        return True
    target = body.get("to")
    return isinstance(target, dict) and isinstance(target.get("before"), str) and target["before"] in seeded


@schemathesis.hook
def after_call(context, case, response):
    channel = _channel(case.operation)
    if not _names_seeded_id(channel, case.body):
        return
    line = json.dumps({"channel": channel, "status": response.status_code}) + "\n"
    with _RECORD_LOCK, open(_SEEDED["record"], "a", encoding="utf-8") as record:
        record.write(line)
