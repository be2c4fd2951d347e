"""Answers as plain JSON, to carry them out of a graded notebook's kernel.

A grader executes a submission in its own kernel and assesses the answers in its own process
(so nothing the notebook does to ``check`` can change a score). The answers travel as JSON,
never as pickles (unpickling a participant's data could run their code in the grader).
Numbers, booleans, texts, ``...`` (not answered), pandas Series and DataFrames and small
numpy arrays keep their type; anything else becomes a description of its type, which the
assessment reports as the wrong type.

Example
-------
>>> import pandas as pd
>>> decode_answer(encode_answer(pd.Series([1.5, 2.0], index=["a", "b"]))).to_dict()
{'a': 1.5, 'b': 2.0}
>>> decode_answer(encode_answer(...)) is Ellipsis
True
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from mlalib.errors import InputError

#: Encoded answers larger than this many characters are not kept (a table of the size the course
#: asks for is far smaller).
MAX_CHARS = 1_000_000


_AS_WRITTEN = {"convert_axes": False, "dtype": False}


class Unreadable:
    """Stands for an answer of a type that cannot be assessed; its ``type_name`` is reported."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def encode_answer(answer: Any) -> dict[str, Any]:
    """A JSON-ready dict that :func:`decode_answer` turns back into the answer."""
    if answer is Ellipsis:
        return {"type": "unanswered"}
    if isinstance(answer, (bool, np.bool_)):
        return {"type": "bool", "value": bool(answer)}
    if isinstance(answer, (int, np.integer)):
        return {"type": "int", "value": int(answer)}
    if isinstance(answer, (float, np.floating)):
        value = float(answer)
        return {"type": "float", "value": value if math.isfinite(value) else repr(value)}
    if isinstance(answer, str):
        encoded: dict[str, Any] = {"type": "str", "value": answer}
    elif isinstance(answer, pd.Series):
        encoded = {"type": "series", "value": answer.to_json(orient="split", double_precision=15)}
    elif isinstance(answer, pd.DataFrame):
        encoded = {"type": "frame", "value": answer.to_json(orient="split", double_precision=15)}
    elif isinstance(answer, np.ndarray) and answer.dtype.kind in "biuf":
        encoded = {"type": "array", "value": json.dumps(answer.astype(float).tolist())}
    else:
        return {"type": "other", "value": type(answer).__name__}
    if len(encoded["value"]) > MAX_CHARS:
        return {"type": "other", "value": f"{type(answer).__name__} too large to assess"}
    return encoded


def decode_answer(encoded: dict[str, Any]) -> Any:
    """The answer that :func:`encode_answer` encoded (an :class:`Unreadable` for other types)."""
    if not isinstance(encoded, dict) or "type" not in encoded:
        raise InputError(f"an encoded answer must be a dict with a 'type', got {encoded!r:.80}")
    kind, value = encoded["type"], encoded.get("value")
    if kind == "unanswered":
        return Ellipsis
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "str":
        return str(value)
    if kind == "series":
        return pd.read_json(io.StringIO(value), orient="split", typ="series", **_AS_WRITTEN)
    if kind == "frame":
        return pd.read_json(io.StringIO(value), orient="split", **_AS_WRITTEN)
    if kind == "array":
        return np.asarray(json.loads(value), dtype=float)
    return Unreadable(str(value))
