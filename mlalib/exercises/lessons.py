"""Exercises of the course notebooks 01-07.

Every exercise of these notebooks counts for the grade, so all of them are **graded-only**:
this module declares each one (id, kind, tolerances, options) but holds no reference
answer. The reference answers (the key) are computed by the course's key file,
``notebooks/course_keys.py``, which stays with the trainer's course materials: ``mlalib
grade`` loads it in the grader's process, and the trainer build and the tests load it
through ``MLALIB_COURSE_KEYS`` (see :func:`mlalib.exercises.core.install_keys`). In a
participant's kernel ``check(...)`` records these answers without judging them.

The data each notebook uses come from :mod:`mlalib.data.lessons`, which the key uses too, so
that the notebook and its key always see the same numbers.
"""

from __future__ import annotations

from mlalib import returns
from mlalib.exercises.core import Exercise, register

register(Exercise("stocks-net-migration", "number", abs_tol=0.5, close_rel_tol=0.02, graded_only=True))
register(Exercise("stocks-rate-of-change", "number", abs_tol=0.005, graded_only=True))
register(Exercise("stocks-stock-or-flow", "choice", options=("stock", "flow"), graded_only=True))
register(Exercise("stocks-largest-focus", "text", graded_only=True))
register(Exercise("flows-total-movers", "number", abs_tol=0.05, graded_only=True))
register(Exercise("flows-d-to-b", "number", abs_tol=0.05, graded_only=True))
register(Exercise("flows-effectiveness", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-lfpr-migrants", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-ur-migrant-women", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-unweighted-lfpr", "number", abs_tol=0.05, graded_only=True))
register(Exercise("lfs-unreliable-cells", "number", abs_tol=0.0, close_rel_tol=0.0, graded_only=True))
register(Exercise("rem-total-cost", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rem-global-average", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rem-share-above-5", "number", abs_tol=0.05, graded_only=True))
register(Exercise("rem-savings-usa-mex", "number", abs_tol=0.5, rel_tol=1e-3, graded_only=True))
register(Exercise("ret-share-compelled", "number", abs_tol=0.05, graded_only=True))
register(Exercise("ret-composite-mean", "number", abs_tol=0.005, graded_only=True))
register(Exercise("ret-lowest-dimension", "choice", options=returns.DIMENSIONS, graded_only=True))
register(Exercise("ret-ur-returnees", "number", abs_tol=0.05, graded_only=True))
register(Exercise("rc-mean-months", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rc-median-months", "number", abs_tol=0.005, graded_only=True))
register(Exercise("rc-gender-gap", "number", abs_tol=0.005, graded_only=True))
register(Exercise("profile-stock-2020", "number", abs_tol=0.5, graded_only=True))
register(Exercise("profile-female-share", "number", abs_tol=0.05, graded_only=True))
register(Exercise("profile-remittance-growth", "number", abs_tol=0.05, graded_only=True))
