"""Exercises of the master notebook ``04_remittances``: declared here, asked there.

Graded-only: their reference answers are in the course key module ``notebooks/keys/remittances.py``
(see :func:`mlalib.exercises.catalogue.install_keys`). Tolerances follow the rounding the lesson shows
(two decimals for costs, one for shares); points follow difficulty (reading a value 1, computing
or choosing a method 2, judging a definition 3).

Reasoning: ``rem-why-weighted-lower`` and ``rem-which-saves-more`` ask for a judgement that needs the
numbers (which corridors carry the money; the savings of two reforms the lesson does not show);
``rem-equal-weights`` varies the weights (the same volume for every corridor) and asks what changed and why.
"""

from __future__ import annotations

from mlalib.exercises.catalogue import Exercise, register

MASTER = "04_remittances"

TOTAL_COST = register(Exercise(
    "rem-total-cost", "number", MASTER, points=1, abs_tol=0.005, unit="percent", graded_only=True,
    hint=("The total cost adds two parts, both in per cent of the amount sent: the fee (100 x fee / amount) and "
          "the exchange-rate margin (100 x (1 - applied rate / interbank rate))."),
))
GLOBAL_AVERAGE = register(Exercise(
    "rem-global-average", "number", MASTER, points=1, abs_tol=0.005, unit="percent", graded_only=True,
    hint=("SDG 10.c.1 gives every service the same weight: it is the simple mean over all services of the "
          "quarter, not the mean of the corridor averages."),
))
WEIGHTED_AVERAGE = register(Exercise(
    "rem-weighted-average", "number", MASTER, points=2, abs_tol=0.005, unit="percent", graded_only=True,
    hint=("A weighted average multiplies each corridor's average cost by its volume, adds them up and divides by "
          "the total volume: big corridors count more."),
))
WHY_WEIGHTED_LOWER = register(Exercise(
    "rem-why-weighted-lower", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Both averages use all services. Look at the table sorted by cost: where are the corridors with the "
          "largest volumes?"),
))
EQUAL_WEIGHTS = register(Exercise(
    "rem-equal-weights", "choice", MASTER, points=2, options=("a", "b", "c"), graded_only=True,
    hint=("Equal volumes give every corridor the same weight, whatever its number of services; the Global Average "
          "gives every service the same weight. Compare the three numbers of the last quarter to two decimals."),
))
SHARE_ABOVE_5 = register(Exercise(
    "rem-share-above-5", "number", MASTER, points=2, abs_tol=0.05, unit="percent", graded_only=True,
    hint=("The corridor component is measured with SmaRT: the mean of the three cheapest qualifying services of "
          "each corridor, not the simple average of all its services."),
))
CORRIDORS_NOT_MEETING = register(Exercise(
    "rem-corridors-not-meeting", "number", MASTER, points=3, abs_tol=0.0, close_rel_tol=0.0, graded_only=True,
    hint=("A corridor meets the target only if it has at least three qualifying services averaging 5% or less; "
          "count those above 5% and those that cannot show three services."),
))
SAVINGS_USA_MEX = register(Exercise(
    "rem-savings-usa-mex", "number", MASTER, points=2, abs_tol=0.5, rel_tol=1e-3, graded_only=True,
    hint=("The money saved is the volume times the cost above the target: volume x (cost - 3) / 100, in the "
          "unit of the volume."),
))
WHICH_SAVES_MORE = register(Exercise(
    "rem-which-saves-more", "choice", MASTER, points=2, options=("a", "b"), graded_only=True,
    hint=("The money saved is volume x (cost - 3) / 100: compute it for both corridors. A high price on a small "
          "volume can save less than a small cut on a large one, and a corridor already at 3% or less saves nothing."),
))
