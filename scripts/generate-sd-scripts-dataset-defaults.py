#!/usr/bin/env python3
"""Read sd-scripts' dataset defaults from library/config_util.py with `ast` and write them as JSON facts.

Usage: generate-sd-scripts-dataset-defaults.py <sd-scripts git dir or work tree> <out.json>
       then `npx prettier --write <out.json>` (the repository's JSON style).

sd-scripts builds each subset and dataset of a --dataset_config from a params dataclass
(DreamBoothSubsetParams, DreamBoothDatasetParams, ...): every field takes the first value that is not
None from the subset table, the dataset table, [general], the argparse namespace (with a few options
renamed) and runtime values, else the dataclass default (BlueprintGenerator.generate_params_by_fallbacks).
This records each params class with its fields and defaults (bases followed), the argparse renames
and the fallback order, with the file and line of each. Use the same sd-scripts commit as
generate-sd-scripts-options.py (generated-options.json records it). Nothing is imported or run.
"""
import ast
import json
import os
import subprocess
import sys

CONFIG_UTIL = "library/config_util.py"
# The fallback order of BlueprintGenerator.generate(): checked against the source below.
SUBSET_FALLBACKS = ["subset", "dataset", "general", "argparse", "runtime"]
DATASET_FALLBACKS = ["dataset", "general", "argparse", "runtime"]


def read(root, rel):
    if os.path.isdir(os.path.join(root, "library")):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            return f.read()
    return subprocess.run(
        ["git", f"--git-dir={root}", "show", f"HEAD:{rel}"], check=True, capture_output=True, text=True
    ).stdout


def commit_of(root):
    args = ["git", "-C", root] if os.path.isdir(os.path.join(root, "library")) else ["git", f"--git-dir={root}"]
    out = subprocess.run(args + ["log", "-1", "--format=%H %cI"], capture_output=True, text=True).stdout.split()
    return (out[0], out[1]) if len(out) == 2 else ("unknown", "unknown")


def literal(node):
    """A default as JSON: literals as they are, tuples as lists; anything else is recorded as its source."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return {"expression": ast.unparse(node)}
    return json.loads(json.dumps(value))


def params_classes(tree):
    classes = {}
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name.endswith("Params")):
            continue
        fields = {}
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                fields[item.target.id] = {
                    "type": ast.unparse(item.annotation),
                    "default": literal(item.value) if item.value is not None else None,
                    "definedAt": f"{CONFIG_UTIL}:{item.lineno}",
                }
        classes[node.name] = {
            "bases": [b.id for b in node.bases if isinstance(b, ast.Name)],
            "ownFields": fields,
        }
    out = {}
    for name in classes:
        merged, chain = {}, []

        def collect(cls):
            for base in classes.get(cls, {}).get("bases", []):
                collect(base)
            if cls in classes:
                chain.append(cls)
                merged.update(classes[cls]["ownFields"])

        collect(name)
        out[name] = {"inherits": chain[:-1], "fields": merged}
    return out


def class_dict(tree, class_name, attr):
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if isinstance(item, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in item.targets):
                    return literal(item.value), f"{CONFIG_UTIL}:{item.lineno}"
    sys.exit(f"{class_name}.{attr} not found in {CONFIG_UTIL}")


def check_fallbacks(text):
    """The generator's fallback order must still be sd-scripts' own (else this file needs a look)."""
    subset = "[subset_config, dataset_config, general_config, argparse_config, runtime_params]"
    dataset = "[dataset_config, general_config, argparse_config, runtime_params]"
    for expected in (subset, dataset):
        if expected not in text:
            sys.exit(f"{CONFIG_UTIL} no longer falls back through {expected}: update this generator")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root = sys.argv[1]
    text = read(root, CONFIG_UTIL)
    tree = ast.parse(text)
    check_fallbacks(text)
    renames, renames_at = class_dict(tree, "ConfigSanitizer", "ARGPARSE_OPTNAME_TO_CONFIG_OPTNAME")
    commit, date = commit_of(root)
    out = {
        "generatedBy": "scripts/generate-sd-scripts-dataset-defaults.py",
        "source": {"repository": "kohya-ss/sd-scripts", "commit": commit, "committedAt": date},
        "fallbacks": {"subset": SUBSET_FALLBACKS, "dataset": DATASET_FALLBACKS},
        "argparseToConfig": {"names": renames, "definedAt": renames_at},
        "params": params_classes(tree),
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{len(out['params'])} params classes from {commit[:10]} written to {sys.argv[2]}")


if __name__ == "__main__":
    main()
