"""Reading the YAML files trainers write (cohort files, certificate rules), strictly and within bounds.

PyYAML's ``safe_load`` follows YAML 1.1, which surprises people writing configuration by hand:
``NO`` (Norway), ``ON`` or ``YES`` become booleans, ``2026-02-30`` crashes the date parser,
a key written twice silently keeps the last value, and a few hundred bytes of nested aliases
expand to billions of values. :func:`read_yaml` reads with the YAML 1.2 core schema for
booleans (only ``true``/``false``), keeps dates as text for the caller to check, and refuses
duplicate keys, files above :data:`MAX_BYTES` and aliases that expand to more than
:data:`MAX_VALUES` values, each with a :class:`~mlalib.errors.ConfigError` naming the line.

Example
-------
>>> parse_yaml("focus_countries: [NO, SEN]\\nstart: 2026-02-30\\n", "cohort.yaml")
{'focus_countries': ['NO', 'SEN'], 'start': '2026-02-30'}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from mlalib.errors import ConfigError, shown

#: Largest configuration file read, in bytes (a cohort file is well under 2 KB).
MAX_BYTES = 1_000_000
#: Most values a file may hold once its aliases are expanded.
MAX_VALUES = 100_000


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, dates left as text and duplicate keys refused."""


# Drop YAML 1.1's bool (yes/no/on/off) and timestamp resolvers; put back true/false only.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool",
                                                                        "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:  # the keys written here; keys merged in with '<<' may be overridden
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # a list or mapping as a key: let the constructor say so
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {shown(key)} is written twice (first at line {first + 1}); "
                "write each field once", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Number of values ``node`` stands for once every alias is expanded (memoised: linear time)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a recursive alias counts once; the constructor handles it
    if isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        total = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    else:
        total = 1
    total = min(total, MAX_VALUES + 1)
    sizes[id(node)] = total
    return total


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text strictly (see the module docstring); raise :class:`ConfigError` naming ``source``."""
    if len(text) > MAX_BYTES:
        raise ConfigError(source, [f"the file has {len(text):,} characters; a configuration file may have at most "
                                   f"{MAX_BYTES:,}"])
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_VALUES:
            raise ConfigError(source, [f"the file's aliases (*name) expand to more than {MAX_VALUES:,} values; "
                                       "write the values out instead of nesting aliases"])
        return loader.construct_document(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ConfigError(source, [f"not valid YAML{where}: {problem}"]) from None
    except RecursionError:
        raise ConfigError(source, ["the file nests values too deeply to be a configuration file"]) from None
    finally:
        loader.dispose()


def read_yaml(path: str | Path) -> Any:
    """Read a YAML configuration file strictly; a missing, binary or oversized file is a :class:`ConfigError`."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), ["file not found" if not path.exists() else "not a file"])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ConfigError(str(path), [f"the file has {size:,} bytes; a configuration file may have at most "
                                      f"{MAX_BYTES:,}"])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(str(path), [f"not a UTF-8 text file (byte {err.start:,} is {raw[err.start]:#04x}); "
                                      "expected a YAML file"]) from None
    if "\x00" in text:
        raise ConfigError(str(path), ["not a text file (it contains NUL bytes); expected a YAML file"])
    return parse_yaml(text, str(path))
