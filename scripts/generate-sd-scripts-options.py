#!/usr/bin/env python3
"""Read sd-scripts' argparse definitions with `ast` and write them as JSON facts.

Usage: generate-sd-scripts-options.py <sd-scripts git dir or work tree> <out.json>
       then `npx prettier --write <out.json>` (the repository's JSON style).

For each LoRA entry script it follows `setup_parser()` through the helper functions it calls
(`train_util.add_*_arguments(parser, ...)`, `train_network.setup_parser()`, ...) and records every
`parser.add_argument(...)`: the option name, type, nargs, choices, default, action and the file and
line that define it, and its help text as written (the form shows a summary of its English part,
src/shared/trainers/common/help-summary.ts). Nothing is imported or run.
"""
import ast
import json
import os
import subprocess
import sys

SCRIPTS = {
    "train_network.py": ["sd1", "sd2"],
    "sdxl_train_network.py": ["sdxl"],
    "sd3_train_network.py": ["sd3"],
    "flux_train_network.py": ["flux"],
}


class Source:
    """Files of the checkout, read from a work tree or a bare git dir."""

    def __init__(self, root):
        self.root = root
        self.bare = not os.path.isdir(os.path.join(root, "library"))
        self.cache = {}

    def read(self, rel):
        if rel in self.cache:
            return self.cache[rel]
        if self.bare:
            try:
                text = subprocess.run(
                    ["git", f"--git-dir={self.root}", "show", f"HEAD:{rel}"],
                    check=True, capture_output=True, text=True,
                ).stdout
            except subprocess.CalledProcessError:
                text = None
        else:
            path = os.path.join(self.root, rel)
            text = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        tree = ast.parse(text) if text is not None else None
        self.cache[rel] = tree
        return tree

    def commit(self):
        args = ["git", f"--git-dir={self.root}"] if self.bare else ["git", "-C", self.root]
        out = subprocess.run(args + ["log", "-1", "--format=%H %cI"], capture_output=True, text=True).stdout.split()
        return (out[0], out[1]) if len(out) == 2 else ("unknown", "unknown")


def module_file(module):
    return module.replace(".", "/") + ".py"


def imports_of(tree):
    """Local names → module paths ("train_util" → "library/train_util.py"), and imported functions."""
    modules, functions = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules[alias.asname or alias.name] = module_file(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                # "from library import train_util" imports a module; "from library.utils import f" a function.
                modules[alias.asname or alias.name] = module_file(full)
                functions[alias.asname or alias.name] = (module_file(node.module), alias.name)
    return modules, functions


def find_function(tree, name):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def literal(node):
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def describe_type(node):
    if node is None:
        return None
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return "callable"


def help_text(node):
    """The help string; f-strings and "a" + "b" joined, with each expression kept as {expr}."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("{" + ast.unparse(value.value) + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = help_text(node.left), help_text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def record_argument(call, rel, options, script):
    names = [literal(a) for a in call.args if isinstance(literal(a), str)]
    long_names = [n for n in names if n.startswith("--")]
    if not long_names:
        return
    name = long_names[0][2:].replace("-", "_")
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    action = literal(kw.get("action"))
    entry = options.setdefault(name, {
        "name": name,
        "aliases": [n[2:] for n in long_names[1:]],
        "type": describe_type(kw.get("type")),
        "action": action if isinstance(action, str) else None,
        "nargs": literal(kw.get("nargs")),
        "choices": literal(kw.get("choices")),
        "default": literal(kw.get("default")),
        "hasDefault": "default" in kw,
        "definedAt": f"{rel}:{call.lineno}",
        "help": help_text(kw.get("help")),
        "scripts": [],
    })
    # Another script may define the option again with its own default (t5xxl_max_token_length:
    # 256 for SD3, None for FLUX.1): such defaults are kept per script.
    default = literal(kw.get("default"))
    if script not in entry["scripts"] and entry["scripts"] and default != entry["default"]:
        entry.setdefault("defaultByScript", {})[script] = default
    if script not in entry["scripts"]:
        entry["scripts"].append(script)


def walk_function(source, rel, func, options, script, seen):
    key = (rel, func.name)
    if key in seen:
        return
    seen.add(key)
    tree = source.read(rel)
    modules, functions = imports_of(tree)
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        if isinstance(target, ast.Attribute) and target.attr == "add_argument":
            record_argument(node, rel, options, script)
            continue
        # Helpers that receive the parser, and other scripts' setup_parser().
        passes_parser = any(isinstance(a, ast.Name) and a.id == "parser" for a in node.args)
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            if not (passes_parser or target.attr == "setup_parser"):
                continue
            mod = modules.get(target.value.id)
            if mod is None:
                continue
            callee_tree = source.read(mod)
            if callee_tree is None:
                continue
            callee = find_function(callee_tree, target.attr)
            if callee is not None:
                walk_function(source, mod, callee, options, script, seen)
        elif isinstance(target, ast.Name) and passes_parser:
            callee = find_function(tree, target.id)
            callee_rel = rel
            if callee is None and target.id in functions:
                callee_rel, fname = functions[target.id]
                callee_tree = source.read(callee_rel)
                callee = find_function(callee_tree, fname) if callee_tree is not None else None
            if callee is not None:
                walk_function(source, callee_rel, callee, options, script, seen)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source = Source(sys.argv[1])
    options = {}
    for script in SCRIPTS:
        tree = source.read(script)
        if tree is None:
            sys.exit(f"{script} not found in {sys.argv[1]}")
        walk_function(source, script, find_function(tree, "setup_parser"), options, script, set())
    commit, date = source.commit()
    out = {
        "generatedBy": "scripts/generate-sd-scripts-options.py",
        "source": {"repository": "kohya-ss/sd-scripts", "commit": commit, "committedAt": date},
        "scripts": SCRIPTS,
        "options": sorted(options.values(), key=lambda o: o["name"]),
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"{len(options)} options from {commit[:10]} written to {sys.argv[2]}")


if __name__ == "__main__":
    main()
