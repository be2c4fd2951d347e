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


class MlalibError(Exception):
    """Base class of every error mlalib raises on purpose."""

    def __str__(self) -> str:  # KeyError quotes its message; keep one plain line for all
        return str(self.args[0]) if self.args else self.__class__.__name__


class InputError(MlalibError, ValueError):
    """An argument or a value in the data is not what the function expects."""


class MissingColumnError(MlalibError, KeyError):
    """A column (or a label) the function needs is not in the data."""


class DataFileError(MlalibError, ValueError):
    """A data file has an unexpected layout, checksum or schema."""


class DataFileNotFoundError(MlalibError, FileNotFoundError):
    """A data file or a registered data set cannot be found."""


class UnknownDatasetError(MlalibError, KeyError):
    """No bundled data set is registered under that name."""


class ConfigError(MlalibError, ValueError):
    """A cohort file (or another configuration file) is invalid.

    ``problems`` holds one human-readable line per problem found.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}")


class NotebookError(MlalibError, ValueError):
    """A master notebook breaks the authoring conventions (see notebooks/README.md)."""


class LeakError(MlalibError, ValueError):
    """A participant edition contains text from a solution or a hidden check."""


class UnknownExerciseError(MlalibError, KeyError):
    """No exercise is registered under that id."""


class CatalogError(MlalibError, ValueError):
    """A translation catalog (``.po``) cannot be read, or a translation breaks its placeholders."""
