"""`config-schema`: a JSON Schema for an engine's structured config (a dataclass, as Hydra uses them).

`python -m dpgui_bridge config-schema package.module:ClassName [--path DIR]...` runs in the engine's
own venv. It imports the class and reads it with stdlib `dataclasses` + `typing` only: nested
dataclasses become sections (objects), Enums and Literals choices, Optional a nullable type, lists
arrays, defaults (default_factory included) `default`, and the help text from field metadata or the
string literal written after a field (an attribute docstring) `description`. OmegaConf's MISSING
("???") means required, without a default.

The answer uses only keywords that JSON Schema draft-07 and 2020-12 share (no `$schema`), so ajv
compiles it either way. Our own form hints sit under one `x-dpgui` keyword per node:
  section: true      an object read from a nested dataclass (a form section)
  numeric: "float"   a Python float (write 16.0, not 16)
  path: true         a pathlib path
  enum: {class, values}  the Enum's class name and member values (the choices are member names)
  python_type        the annotation as written, for display
  unsupported: true  a type we cannot describe; any value is accepted
The root's `x-dpgui` also names `source` (module:Class), `omegaconf` (its version or null) and `files`:
the source files of every dataclass read, so the app can tell when its cached answer is stale.
"""

import ast
import collections.abc
import contextlib
import dataclasses
import enum
import importlib
import inspect
import os
import pathlib
import sys
import textwrap
import types
import typing

from .errors import BridgeError

# OmegaConf's marker for a mandatory value; its own constant is used when omegaconf is installed.
OMEGACONF_MISSING = "???"
_UNION_TYPES = tuple(t for t in (typing.Union, getattr(types, "UnionType", None)) if t is not None)
METADATA_HELP_KEYS = ("help", "description", "doc", "tooltip")


class ConfigSchemaError(BridgeError):
    """A failure of config-schema, answered as {"error": {code, message}} by the command line."""


def omegaconf_missing():
    """OmegaConf's MISSING and its version, or the literal marker and None without omegaconf."""
    try:
        import omegaconf  # noqa: PLC0415 - optional, the engine's own venv may have it
    except ImportError:
        return OMEGACONF_MISSING, None
    return getattr(omegaconf, "MISSING", OMEGACONF_MISSING), getattr(omegaconf, "__version__", "unknown")


def parse_args(argv):
    """(target, paths) from `TARGET [--path DIR]...` (also `--path=DIR`)."""
    target, paths = None, []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--path":
            if index + 1 >= len(argv):
                raise ConfigSchemaError("usage", "--path needs a folder")
            paths.append(argv[index + 1])
            index += 2
            continue
        if arg.startswith("--path="):
            paths.append(arg[len("--path=") :])
        elif arg.startswith("-"):
            raise ConfigSchemaError("usage", "unknown option %s; usage: config-schema package.module:ClassName [--path DIR]" % arg)
        elif target is None:
            target = arg
        else:
            raise ConfigSchemaError("usage", "one class only; got %s and %s" % (target, arg))
        index += 1
    if target is None:
        raise ConfigSchemaError("usage", "usage: config-schema package.module:ClassName [--path DIR]")
    if target.count(":") != 1 or not all(target.split(":")):
        raise ConfigSchemaError("usage", "%s is not package.module:ClassName" % target)
    return target, paths


def load_class(target, paths):
    module_name, qualname = target.split(":")
    for path in reversed(paths):
        sys.path.insert(0, str(pathlib.Path(path).resolve()))
    try:
        # An engine may print while importing; our stdout carries one JSON object only.
        with contextlib.redirect_stdout(sys.stderr):
            module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.split(".")[0] == error.name.split(".")[0] and module_name.startswith(error.name):
            raise ConfigSchemaError(
                "module_not_found",
                "cannot find module %s (searched %s); give the engine's folder with --path"
                % (module_name, ", ".join(sys.path[:3]) + ", ..."),
            ) from error
        raise ConfigSchemaError("import_failed", "importing %s failed: %s: %s" % (module_name, type(error).__name__, error)) from error
    except Exception as error:  # the engine's own import-time failure, reported, not a traceback
        raise ConfigSchemaError("import_failed", "importing %s failed: %s: %s" % (module_name, type(error).__name__, error)) from error
    found = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
        if found is None:
            raise ConfigSchemaError("class_not_found", "module %s has no %s" % (module_name, qualname))
    if not (inspect.isclass(found) and dataclasses.is_dataclass(found)):
        raise ConfigSchemaError("not_a_dataclass", "%s is not a dataclass; give the structured config's class" % target)
    return found


def attribute_docstrings(cls):
    """{field: text} from string literals written right after annotated fields, base classes first."""
    docs = {}
    for klass in reversed(cls.__mro__):
        if klass is object or not dataclasses.is_dataclass(klass):
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
            tree = ast.parse(source)
        except (OSError, TypeError, SyntaxError):
            continue  # no source (a built or dynamic class): metadata is all we have
        class_def = next((node for node in tree.body if isinstance(node, ast.ClassDef)), None)
        if class_def is None:
            continue
        body = class_def.body
        for node, following in zip(body, body[1:]):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[node.target.id] = inspect.cleandoc(following.value.value)
    return docs


def class_description(cls):
    doc = cls.__dict__.get("__doc__")
    if not doc:
        return None
    # dataclasses writes "Name(field: type, ...)" when the class has no docstring: not a description.
    if doc.startswith(cls.__name__ + "(") and doc.rstrip().endswith(")"):
        return None
    return inspect.cleandoc(doc)


def type_name(annotation):
    if annotation is type(None):
        return "None"
    if inspect.isclass(annotation) and not typing.get_args(annotation):
        return annotation.__name__
    text = repr(annotation).replace("typing.", "")
    return text


def title_of(name):
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def json_value(value, missing):
    """A default as JSON: enums by member name (what OmegaConf reads), paths as text, dataclasses as objects."""
    if isinstance(value, str) and value == missing:
        return None
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, pathlib.PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_value(getattr(value, f.name), missing) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_value(item, missing) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item, missing) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def allow_null(schema):
    if schema.get("type") and isinstance(schema["type"], str) and "enum" not in schema:
        widened = dict(schema)
        widened["type"] = [schema["type"], "null"]
        return widened
    if "enum" in schema:
        widened = dict(schema)
        widened["enum"] = list(schema["enum"]) + [None]
        if isinstance(schema.get("type"), str):
            widened["type"] = [schema["type"], "null"]
        return widened
    if not schema or schema == {"x-dpgui": schema.get("x-dpgui")}:
        return schema  # already anything
    return {"anyOf": [schema, {"type": "null"}]}


class SchemaReader:
    def __init__(self, missing):
        self.missing = missing
        self.active = []  # classes being read, to stop on a config that contains itself
        self.read = set()  # every dataclass read, for the files the answer depends on

    def type_schema(self, annotation, default_instance=None):
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if annotation is typing.Any or annotation is object:
            return {}
        if origin is typing.Annotated:
            return self.type_schema(args[0], default_instance)
        if origin in _UNION_TYPES:
            members = [arg for arg in args if arg is not type(None)]
            nullable = len(members) != len(args)
            if len(members) == 1:
                inner = self.type_schema(members[0], default_instance)
            else:
                inner = {"anyOf": [self.type_schema(member) for member in members]}
            return allow_null(inner) if nullable else inner
        if origin is typing.Literal:
            values = [json_value(arg, self.missing) for arg in args]
            schema = {"enum": values}
            kinds = {type(value) for value in values}
            if kinds == {str}:
                schema["type"] = "string"
            elif kinds == {int}:
                schema["type"] = "integer"
            return schema
        if inspect.isclass(origin) and issubclass(origin, (collections.abc.Sequence, collections.abc.Set)) and not issubclass(origin, str):
            schema = {"type": "array"}
            if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
                # A fixed-length tuple: its length is known; items may differ, so any of their types.
                distinct = []
                for arg in args:
                    item = self.type_schema(arg)
                    if item not in distinct:
                        distinct.append(item)
                schema["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
                schema["minItems"] = schema["maxItems"] = len(args)
            elif args:
                schema["items"] = self.type_schema(args[0])
            return schema
        if inspect.isclass(origin) and issubclass(origin, collections.abc.Mapping):
            schema = {"type": "object"}
            if len(args) == 2:
                schema["additionalProperties"] = self.type_schema(args[1])
            return schema
        if annotation in (list, tuple, set, frozenset):
            return {"type": "array"}
        if annotation is dict:
            return {"type": "object"}
        if annotation is bool:
            return {"type": "boolean"}
        if annotation is int:
            return {"type": "integer"}
        if annotation is float:
            return {"type": "number", "x-dpgui": {"numeric": "float"}}
        if annotation is str or annotation is bytes:
            return {"type": "string"}
        if inspect.isclass(annotation) and issubclass(annotation, pathlib.PurePath):
            return {"type": "string", "x-dpgui": {"path": True}}
        if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
            members = list(annotation)
            return {
                "type": "string",
                "enum": [member.name for member in members],
                "x-dpgui": {"enum": {"class": annotation.__name__, "values": [json_value(m.value, self.missing) for m in members]}},
            }
        if inspect.isclass(annotation) and dataclasses.is_dataclass(annotation):
            return self.object_schema(annotation, default_instance)
        return {"x-dpgui": {"unsupported": True}}

    def object_schema(self, cls, instance=None):
        if cls in self.active:
            return {"type": "object", "x-dpgui": {"section": True, "recursive": cls.__name__}}
        self.active.append(cls)
        self.read.update(klass for klass in cls.__mro__ if dataclasses.is_dataclass(klass))
        try:
            try:
                hints = typing.get_type_hints(cls, include_extras=True)
            except Exception as error:  # an annotation naming something the module does not define
                raise ConfigSchemaError("bad_annotation", "cannot resolve the annotations of %s: %s" % (cls.__name__, error)) from error
            docs = attribute_docstrings(cls)
            properties, required = {}, []
            for field in dataclasses.fields(cls):
                annotation = hints.get(field.name, typing.Any)
                default = self.field_default(field, instance)
                nested_instance = default if dataclasses.is_dataclass(default) and not isinstance(default, type) else None
                schema = dict(self.type_schema(annotation, nested_instance))
                schema["title"] = title_of(field.name)
                help_text = next((field.metadata[key] for key in METADATA_HELP_KEYS if isinstance(field.metadata.get(key), str)), None)
                help_text = help_text or docs.get(field.name)
                if help_text:
                    schema["description"] = help_text
                hints_meta = dict(schema.get("x-dpgui", {}))
                hints_meta["python_type"] = type_name(annotation)
                if dataclasses.is_dataclass(annotation) or (
                    typing.get_origin(annotation) in _UNION_TYPES and any(dataclasses.is_dataclass(a) for a in typing.get_args(annotation))
                ):
                    hints_meta["section"] = True
                schema["x-dpgui"] = hints_meta
                if self.is_missing(default):
                    required.append(field.name)
                elif nested_instance is None:
                    schema["default"] = json_value(default, self.missing)
                properties[field.name] = schema
            schema = {"type": "object", "title": cls.__name__, "properties": properties, "additionalProperties": False}
            description = class_description(cls)
            if description:
                schema["description"] = description
            if required:
                schema["required"] = required
            schema["x-dpgui"] = {"section": True, "class": cls.__name__}
            return schema
        finally:
            self.active.pop()

    def is_missing(self, value):
        return value is dataclasses.MISSING or (isinstance(value, str) and value == self.missing)

    def field_default(self, field, instance):
        if instance is not None:
            return getattr(instance, field.name, self.missing)
        if field.default is not dataclasses.MISSING:
            return field.default
        if field.default_factory is not dataclasses.MISSING:
            try:
                return field.default_factory()
            except Exception as error:  # a factory that needs the engine's runtime: no default shown
                raise ConfigSchemaError(
                    "default_failed", "the default of %s could not be made: %s: %s" % (field.name, type(error).__name__, error)
                ) from error
        return dataclasses.MISSING


def source_file(klass):
    """The file a class is written in (absolute), or None for a built or dynamic one."""
    try:
        path = inspect.getsourcefile(klass)
    except TypeError:
        path = None
    path = path or getattr(sys.modules.get(klass.__module__), "__file__", None)
    return os.path.abspath(path) if path else None


def schema_for_class(cls):
    missing, omegaconf_version = omegaconf_missing()
    reader = SchemaReader(missing)
    schema = reader.object_schema(cls)
    schema["x-dpgui"]["source"] = "%s:%s" % (cls.__module__, cls.__qualname__)
    schema["x-dpgui"]["omegaconf"] = omegaconf_version
    schema["x-dpgui"]["files"] = sorted({path for path in map(source_file, reader.read) if path})
    return schema


def config_schema(argv):
    """The command: JSON Schema for the class named in argv; raises ConfigSchemaError."""
    target, paths = parse_args(argv)
    return schema_for_class(load_class(target, paths))
