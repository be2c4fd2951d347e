"""The cohort context: the one value that carries a cohort's parameters to every layer.

A cohort file (:mod:`mlalib.course.cohort`) gives a :class:`Context`; the build writes it
into each notebook's ``parameters`` cell as a plain dict (``cohort = {...}``); the notebook
turns it back into a :class:`Context` with :func:`mlalib.exercises.configure`, and passes it
to the lesson data (:func:`mlalib.data.lessons.lesson_data`) and to ``check()``; the answer
key and the grader compute reference answers from the same value.

Example
-------
>>> ctx = Context.from_parameters({"language": "fr", "seed": 7, "focus_countries": ["SEN"]})
>>> ctx.language, ctx.seed, ctx.focus_countries, ctx.data_vintage
('fr', 7, ('SEN',), '2020')
>>> Context.from_parameters(ctx.parameters()) == ctx
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Mapping

from mlalib.errors import InputError, shown
from mlalib.i18n import LANGUAGES

@dataclass(frozen=True)
class Context:
    """A cohort's parameters: course language, seed of its synthetic data, focus countries
    (ISO 3166-1 alpha-3, in the cohort's order) and the UN DESA data vintage."""

    language: str = "en"
    seed: int = 0
    focus_countries: tuple[str, ...] = ()
    data_vintage: str = "2020"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise InputError(f"cohort parameter 'language' must be one of {', '.join(LANGUAGES)}, "
                             f"got {shown(self.language)}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**32:
            raise InputError(f"cohort parameter 'seed' must be a whole number from 0 to 2**32 - 1, got {shown(self.seed)}")
        if not isinstance(self.focus_countries, tuple) or not all(
                isinstance(c, str) and len(c) == 3 for c in self.focus_countries):
            raise InputError("cohort parameter 'focus_countries' must be a list of ISO 3166-1 alpha-3 codes, "
                             f"got {shown(self.focus_countries)}")
        if not isinstance(self.data_vintage, str) or not self.data_vintage.isdigit():
            raise InputError(f"cohort parameter 'data_vintage' must be a UN DESA revision year such as '2020', "
                             f"got {shown(self.data_vintage)}")

    @classmethod
    def from_parameters(cls, values: Mapping[str, Any] | Context) -> Context:
        """The context of a ``parameters`` dict (what the build writes into a notebook).

        Unknown keys are refused with the list of known ones; missing keys take the defaults.
        """
        if isinstance(values, Context):
            return values
        if not isinstance(values, Mapping):
            raise InputError(f"the cohort parameters must be a dict, got {shown(values)}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(f"unknown cohort parameter(s) {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
        given = dict(values)
        if "focus_countries" in given and isinstance(given["focus_countries"], (list, tuple)):
            given["focus_countries"] = tuple(given["focus_countries"])
        if "data_vintage" in given and isinstance(given["data_vintage"], int):
            given["data_vintage"] = str(given["data_vintage"])
        return cls(**given)

    def parameters(self) -> dict[str, Any]:
        """The plain dict written into a notebook's ``parameters`` cell (JSON-like values only)."""
        values = asdict(self)
        values["focus_countries"] = list(self.focus_countries)
        return values
