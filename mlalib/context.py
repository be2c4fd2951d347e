"""The cohort context: the one value that carries a cohort's parameters to every layer.

A cohort file (:mod:`mlalib.course.cohort`) gives a :class:`Context`; the build writes it
into each notebook's ``parameters`` cell as a plain dict (``cohort = {...}``); the notebook
turns it back into a :class:`Context` with :func:`mlalib.exercises.configure`, and passes it
to the lesson data (:func:`mlalib.data.lessons.lesson_data`) and to ``check()``; the answer
key and the grader compute reference answers from the same value.

The four parameters are checked here, once, for both: :data:`PARAMETER_CHECKS` are the field
validators of a cohort file and the checks of a :class:`Context`, so ``configure()`` refuses what a
cohort file refuses, with the same words (the field, the value and the accepted values), every
problem at once.

Example
-------
>>> ctx = Context.from_parameters({"language": "fr", "seed": 7, "focus_countries": ["sen"]})
>>> ctx.language, ctx.seed, ctx.focus_countries, ctx.data_vintage
('fr', 7, ('SEN',), '2020')
>>> Context.from_parameters(ctx.parameters()) == ctx
True
>>> Context.from_parameters({"language": "de", "data_vintage": "2019"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mlalib.errors.ConfigError: cohort parameters: 2 problem(s)
  - field 'language': 'de' is not a course language; accepted: en (English), fr (French), es (Spanish)
  - field 'data_vintage': '2019' is not a bundled data vintage; accepted: 2020
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Callable, Mapping

from mlalib._validate import country_code_list
from mlalib.errors import ConfigError, InputError, shown
from mlalib.i18n import LANGUAGES

#: The data vintages (UN DESA revisions) of the bundled data: the ``vintage`` values of
#: ``data/registry.yaml``, which the base layer cannot read (a test holds them equal).
DATA_VINTAGES: tuple[str, ...] = ("2020",)
#: The largest seed: numpy's seeds are 32-bit.
MAX_SEED = 2**32 - 1
#: Where the parameters of :meth:`Context.from_parameters` come from, in its error messages.
SOURCE = "cohort parameters"


def checked_language(value: Any) -> str:
    """A course language (spaces around it ignored); :class:`ValueError` with the accepted ones otherwise."""
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or text not in LANGUAGES:
        accepted = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise ValueError(f"{shown(value)} is not a course language; accepted: {accepted}")
    return text


def checked_seed(value: Any) -> int:
    """A seed: a whole number from 0 to :data:`MAX_SEED` (not a bool, not text)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ValueError(f"expected a whole number from 0 to {MAX_SEED}, got {shown(value)}")
    return int(value)


def seed_argument(value: Any, name: str = "seed") -> int:
    """Argument ``name``, a seed of synthetic data, checked as a cohort's seed; :class:`InputError` naming it otherwise.

    >>> seed_argument(7)
    7
    """
    try:
        return checked_seed(value)
    except ValueError as err:
        raise InputError(f"argument '{name}': {err}") from None


def checked_focus_countries(value: Any) -> list[str]:
    """Focus countries: country codes (:func:`mlalib._validate.country_problem`: ISO 3166-1 alpha-3, XKX, CHI),
    normalised, each once, at least one."""
    codes, problems = country_code_list(value)
    if problems:
        raise ValueError("; ".join(problems))
    return codes


def checked_data_vintage(value: Any) -> str:
    """A data vintage of the bundled data (:data:`DATA_VINTAGES`), given as text or as a year."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    if text is None or text not in DATA_VINTAGES:
        raise ValueError(f"{shown(value)} is not a bundled data vintage; accepted: {', '.join(DATA_VINTAGES)}")
    return text


#: The check of each cohort parameter; each returns the value normalised or raises ValueError saying why.
PARAMETER_CHECKS: dict[str, Callable[[Any], Any]] = {
    "language": checked_language, "seed": checked_seed, "focus_countries": checked_focus_countries,
    "data_vintage": checked_data_vintage,
}


@dataclass(frozen=True)
class Context:
    """A cohort's parameters: course language, seed of its synthetic data, focus countries
    (ISO 3166-1 alpha-3, in the cohort's order) and the UN DESA data vintage.

    Values are checked and normalised as in a cohort file (:data:`PARAMETER_CHECKS`); every problem
    is listed in one :class:`~mlalib.errors.ConfigError`. No focus countries (the default, a notebook
    run outside a cohort) means the lessons' own choice, the Philippines.
    """

    language: str = "en"
    seed: int = 0
    focus_countries: tuple[str, ...] = ()
    data_vintage: str = "2020"

    def __post_init__(self) -> None:
        problems = []
        for name, check in PARAMETER_CHECKS.items():
            value = getattr(self, name)
            if name == "focus_countries" and isinstance(value, tuple) and not value:
                continue  # the default: no cohort given (from_parameters passes a given one as a list)
            try:
                checked = check(value)
            except ValueError as err:
                problems.append(f"field '{name}': {err}")
                continue
            object.__setattr__(self, name, tuple(checked) if isinstance(checked, list) else checked)
        if problems:
            raise ConfigError(SOURCE, problems)

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
        unknown = sorted(set(values) - set(known), key=str)
        if unknown:
            raise InputError(f"unknown cohort parameter(s) {', '.join(map(shown, unknown))}; known: {', '.join(known)}")
        given = dict(values)
        if isinstance(given.get("focus_countries"), tuple):
            given["focus_countries"] = list(given["focus_countries"])  # given: an empty one is refused
        return cls(**given)

    def parameters(self) -> dict[str, Any]:
        """The plain dict written into a notebook's ``parameters`` cell (JSON-like values only); no
        ``focus_countries`` when there are none (the default)."""
        values = asdict(self)
        values["focus_countries"] = list(self.focus_countries)
        if not self.focus_countries:
            del values["focus_countries"]
        return values
