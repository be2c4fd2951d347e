"""mlalib's own exceptions.

Every error mlalib raises on bad input derives from :class:`MlalibError` and from the
built-in exception a Python user would expect (``ValueError``, ``KeyError``,
``FileNotFoundError``), so ``except ValueError`` keeps working. The command line prints
them as one line and exits with code 2.

Example
-------
>>> from mlalib.errors import InputError
>>> try:
...     raise InputError("argument 'years' must be positive, got -5")
... except ValueError as err:
...     print(err)
argument 'years' must be positive, got -5
"""

from __future__ import annotations

import reprlib
from typing import Any, Iterable

#: Longest message an mlalib error carries; longer ones are cut, saying so. Messages quote the
#: user's input, which may be huge (a 2-million-entry list, a YAML file of nested aliases).
MAX_MESSAGE = 2_000

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict, _REPR.maxset = 2, 4, 4, 4, 4
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 60, 60, 40


def shown(value: Any) -> str:
    """A short ``repr`` of a value given by a user, whatever its size (at most about 120 characters).

    Example
    -------
    >>> shown(list(range(2_000_000)))
    '[0, 1, 2, 3, ...]'
    """
    try:
        text = _REPR.repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 120 else text[:117] + "..."


def summarise(items: Iterable[Any], *, first: int = 3, noun: str = "entries") -> str:
    """All of a few items, or their number and the first ``first`` of many.

    Example
    -------
    >>> summarise(["a", "b"])
    "'a', 'b'"
    >>> summarise(range(2_000_000))
    '2,000,000 entries; the first 3 are 0, 1, 2'
    """
    items = list(items) if not isinstance(items, (list, tuple)) else items
    if len(items) <= first + 1:
        return ", ".join(shown(item) for item in items)
    return f"{len(items):,} {noun}; the first {first} are " + ", ".join(shown(item) for item in items[:first])


def _bounded(text: str, limit: int = MAX_MESSAGE) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 60] + f"... [{len(text) - limit + 60:,} more characters not shown]"


class MlalibError(Exception):
    """Base class of every error mlalib raises on purpose."""

    def __str__(self) -> str:  # KeyError quotes its message; keep one plain text for all
        return _bounded(str(self.args[0]) if self.args else self.__class__.__name__)

    def one_line(self) -> str:
        """The message on one line (what the command line prints)."""
        return " ".join(str(self).split())


class InputError(MlalibError, ValueError):
    """An argument or a value in the data is not what the function expects."""


class MissingColumnError(MlalibError, KeyError):
    """A column (or a label) the function needs is not in the data."""


class ConvergenceError(MlalibError, ValueError):
    """A statistical model could not be fitted (no convergence, separation); the message names the variables."""


class DataFileError(MlalibError, ValueError):
    """A data file has an unexpected layout, checksum or schema."""


class DataFileNotFoundError(MlalibError, FileNotFoundError):
    """A data file or a registered data set cannot be found."""


class UnknownDatasetError(MlalibError, KeyError):
    """No bundled data set is registered under that name."""


class ConfigError(MlalibError, ValueError):
    """A cohort file (or another configuration file, or cohort parameters given to ``configure()``) is invalid.

    ``problems`` holds one human-readable line per problem found.
    """

    #: Problems listed in the message; the others are counted ("and 1,234 more").
    SHOWN = 20

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = [_bounded(str(p), 500) for p in problems]
        lines = "\n".join(f"  - {p}" for p in self.problems[: self.SHOWN])
        more = f"\n  - and {len(self.problems) - self.SHOWN:,} more" if len(self.problems) > self.SHOWN else ""
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}{more}")

    def __str__(self) -> str:
        return str(self.args[0])  # bounded by its parts: at most SHOWN problems of 500 characters

    def one_line(self) -> str:
        shown_problems = "; ".join(" ".join(p.split()) for p in self.problems[: self.SHOWN])
        more = f"; and {len(self.problems) - self.SHOWN:,} more" if len(self.problems) > self.SHOWN else ""
        return f"{self.source}: {len(self.problems)} problem(s): {shown_problems}{more}"


class NotebookError(MlalibError, ValueError):
    """A master notebook breaks the authoring conventions (see notebooks/README.md)."""


class LeakError(MlalibError, ValueError):
    """A participant edition contains text from a solution or a hidden check."""


class UnknownExerciseError(MlalibError, KeyError):
    """No exercise is registered under that id."""


class CatalogError(MlalibError, ValueError):
    """A translation catalog (``.po``) cannot be read, or a translation breaks its placeholders."""


#: The optional extras of mlalib and the packages they add, by import name (pyproject.toml,
#: [project.optional-dependencies]; a test holds them equal): what a command or a loader needs beyond the core.
EXTRAS: dict[str, tuple[str, ...]] = {
    "course": ("papermill", "nbclient", "nbconvert", "nbformat", "jupyter_client", "zmq", "traitlets", "ipykernel",
               "openpyxl", "tqdm", "nh3"),
    "lab": ("jupyterlab", "jupyterlab_language_pack_fr_FR", "jupyterlab_language_pack_es_ES"),
    "hub": ("jupyterhub", "ltiauthenticator", "jupyterhub_idle_culler"),
}


#: Distribution names (what ``pip`` installs) of the packages whose import name differs.
DISTRIBUTIONS = {"zmq": "pyzmq", "jupyter_client": "jupyter-client",
                 "jupyterlab_language_pack_fr_FR": "jupyterlab-language-pack-fr-FR",
                 "jupyterlab_language_pack_es_ES": "jupyterlab-language-pack-es-ES",
                 "ltiauthenticator": "jupyterhub-ltiauthenticator", "jupyterhub_idle_culler": "jupyterhub-idle-culler"}


class MissingPackageError(MlalibError, ImportError):
    """A package of one of mlalib's extras is not installed; the message names it and the ``pip install`` line.

    Example
    -------
    >>> print(MissingPackageError("tqdm", "'mlalib build'"))
    'mlalib build' needs the package tqdm, which is not installed; install it with: pip install "mlalib[course]"
    """

    def __init__(self, package: str, needed_by: str):
        self.package, self.extra = DISTRIBUTIONS.get(package, package), extra_of(package) or "course"
        super().__init__(f"{needed_by} needs the package {self.package}, which is not installed; install it with: "
                         f'pip install "mlalib[{self.extra}]"')

    @classmethod
    def of(cls, error: ImportError, needed_by: str) -> MissingPackageError | None:
        """The error to show for ``error`` (a module that could not be imported) if an extra brings that module."""
        package = (error.name or "").split(".")[0]
        return cls(package, needed_by) if extra_of(package) else None


def extra_of(package: str) -> str | None:
    """The extra that brings ``package`` (an import name), or None if none does."""
    return next((extra for extra, packages in EXTRAS.items() if package in packages), None)


class MlalibWarning(UserWarning):
    """Input that is legitimate but unusual (a negative exchange-rate margin, returns above the stock).

    The result is computed as documented; the warning names the argument and the values so that
    a mistake (inverted rates, mismatched populations) does not pass unnoticed.
    """
