"""Every exercise accepts its reference answer and rejects a typical wrong one, for two cohorts."""

from __future__ import annotations

import pytest

from mlalib.exercises import Context, check, configure, exercises, reference_answer

# A typical mistake for each exercise, as a function of the right answer.
WRONG = {
    "start-rate-of-change": lambda a: a * 30,                  # not divided by the years
    "start-steady-growth": lambda a: "a",                      # the 30-year average read as steady
    "start-rate-by-sex": lambda a: "a",                        # more women, so a larger share
    "start-revised-growth": lambda a: 304 - 281,               # two revisions mixed
    "stocks-net-migration": lambda a: -a,                      # sign reversed (B - D) - (P1 - P0)
    "stocks-rate-of-change": lambda a: a * 5,                  # forgot to divide by the years
    "stocks-stock-or-flow": lambda a: "stock",
    "stocks-count-error": lambda a: "a",                       # the error taken in proportion to net migration
    "stocks-net-sign": lambda a: "immigration" if a != "immigration" else "cannot_tell",
    "stocks-largest-focus": lambda a: "ZZZ",
    "stocks-data-type": lambda a: "b",
    "flows-total-movers": lambda a: a + 700,                   # stayers included
    "flows-returns": lambda a: "a",                            # returns read as emigration
    "flows-redistribution": lambda a: "a",                     # the largest gain read as most of the moving
    "flows-open-system": lambda a: "b",                        # the assumption read as changing sizes only
    "flows-effectiveness": lambda a: a / 100,                  # a share, not per cent ("close", unit named)
    "flows-minimum": lambda a: "c",
    "lfs-lfpr-migrants": lambda a: a - 14,                     # non-migrants' rate
    "lfs-ur-migrant-women": lambda a: a * 0.6,                 # share of the population, not of the labour force
    "lfs-unweighted-share": lambda a: a - 1.4,                 # the weighted share
    "lfs-why-weights": lambda a: "c",
    "lfs-gap-claim": lambda a: "supported" if a != "supported" else "contradicted",  # the estimate alone
    "lfs-criterion-vary": lambda a: "c",                       # the two criteria taken as the same people
    "lfs-unreliable-cells": lambda a: a + 3,
    "rem-total-cost": lambda a: a - 1.0,                       # fee only
    "rem-global-average": lambda a: a + 1.0,                   # mean of corridor means or another quarter
    "rem-share-above-5": lambda a: a + 10,                     # counted at or above 5, or another quarter
    "rem-weighted-average": lambda a: a + 1.0,                 # the unweighted average
    "rem-why-weighted-lower": lambda a: "b",
    "rem-equal-weights": lambda a: "a",                        # equal weights taken for every service counting once
    "rem-which-saves-more": lambda a: "a" if a == "b" else "b",  # the other corridor
    "rem-corridors-not-meeting": lambda a: a + 7,              # simple averages instead of SmaRT
    "rem-savings-usa-mex": lambda a: a * 100,                  # per cent not divided by 100
    "ret-share-compelled": lambda a: 100 - a,
    "ret-composite-mean": lambda a: a * 4,                     # raw 0-4 scale
    "ret-lowest-dimension": lambda a: next(d for d in ("economic", "social", "psychosocial")   # not a right one
                                           if d not in (a if isinstance(a, tuple) else (a,))),
    "ret-preparedness-proxy": lambda a: "a",                   # a long stay taken for readiness
    "ret-two-readings": lambda a: "a" if a != "a" else "b",    # "not removed" read as a free choice
    "ret-readiness-measured": lambda a: "c" if a != "c" else "a",  # the proxy taken for the measure
    "eco-business-share": lambda a: a / 100,                   # a proportion, not per cent
    "eco-employment-gap": lambda a: a + 5,                     # the raw gap (not standardised by age and sex)
    "eco-standardisation-cells": lambda a: "b" if a != "b" else "a",  # age taken to explain nothing
    "eco-assistance-causes": lambda a: "yes",
    "eco-odds-ratio-assisted": lambda a: a + 0.15,             # the crude (unadjusted) odds ratio
    "eco-lowest-dimension-iom": lambda a: "economic",          # the highest dimension
    "rc-mean-pct": lambda a: a * 12,                           # annual, not monthly
    "rc-median-pct": lambda a: a * 1.5,                        # the mean
    "rc-gender-gap": lambda a: -a - 0.5,
    "rc-median-claim": lambda a: "supported" if a != "supported" else "cannot_tell",  # the mean read as the median
    "rc-gap-claim": lambda a: "supported" if a != "supported" else "contradicted",   # the estimate alone
    "rc-period-vary": lambda a: "c",                           # the mean taken as unchanged
    "src-choose-source": lambda a: "census",                  # the origin's census cannot see those who left
    "src-counted-residual": lambda a: a + 25_000,             # the naturalised left in the foreign-born
    "src-residual-claim": lambda a: "supported" if a != "supported" else "cannot_tell",  # the estimate alone
    "src-zero-residual": lambda a: "no_irregular",            # the report's reading
    "src-undercount-vary": lambda a: "c",                     # the standard error taken as unchanged
    "src-classify-a": lambda a: "refugee",                    # she has not crossed a border
    "src-classify-b": lambda a: "migrant_worker",             # he has never moved
    "profile-female-share": lambda a: 100 - a,                 # men
    "profile-immigrant-share": lambda a: "below" if a == "above" else "above",
    "profile-main-destinations": lambda a: "no" if a == "yes" else "yes",
    "profile-remittances-trend": lambda a: "b" if a == "a" else "a",
    "profile-unemployment-gap": lambda a: -a,                  # non-migrants minus migrants
    "emig-emigrants-2019": lambda a: a / 1000,                 # thousands
    "emig-emigration-rate": lambda a: 100 * a / (100 - a),     # emigrants / residents only
    "emig-rate-change": lambda a: "a" if a != "a" else "b",     # "the emigrants grew, so the rate rose" or its reverse
    "emig-sources-differ": lambda a: "above" if a != "above" else "below",
    "emig-tertiary-rate": lambda a: 100 * a / (100 - a),       # tertiary emigrants / tertiary residents
    "emig-remittances-per-emigrant": lambda a: a / 1e6,        # remittances in US$ million
    "emig-brain-drain": lambda a: "smaller" if a == "larger" else "larger",
    "dw-informality-migrant-women": lambda a: a / 100,         # a share, not per cent
    "dw-nonfatal-injury-migrants": lambda a: a / 1000,         # per cent, not per 100,000
    "dw-expected-deaths": lambda a: a * 1000,                  # 10 per 100 instead of per 100,000
    "dw-hourly-gap": lambda a: "c" if a != "c" else "a",       # hours taken to make no difference
    "dw-gap-vs-ilo": lambda a: "cannot_tell" if a != "cannot_tell" else "larger",
    "rsp-overqualified-now": lambda a: a / 100,                # a share, not per cent
    "rsp-skill-change": lambda a: "supported" if a != "supported" else "contradicted",
    "rsp-rights-kept": lambda a: a * 0.35,                     # among all returnees, not among contributors
    "rsp-profile-gap": lambda a: "long_term" if a != "long_term" else "temporary",  # the point estimates read
    "rsp-long-term-threshold": lambda a: "c" if a != "c" else "a",
}

COHORTS = [Context("en", 2026, ("PHL", "MEX", "SEN"), "2020"), Context("fr", 4711, ("SEN", "MAR"), "2020")]


def test_every_exercise_has_a_typical_mistake():
    # written exercises are graded by the trainer (tests/test_written.py, tests/test_country_profile.py)
    assert set(WRONG) == {i for i, e in exercises().items() if e.kind != "written"}


@pytest.mark.parametrize("cohort", COHORTS, ids=["example", "french"])
@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_reference_accepted_and_mistake_rejected(cohort, exercise_id):
    configure(cohort)
    answer = reference_answer(exercise_id, cohort)
    # a tuple: several choices are right for this cohort (the data cannot tell them apart)
    accepted = answer if isinstance(answer, tuple) else (answer,)
    assert all(check(exercise_id, a).correct for a in accepted)
    if set(accepted) != set(exercises()[exercise_id].options):  # else no answer is wrong for this cohort
        wrong = check(exercise_id, WRONG[exercise_id](answer))
        assert wrong.status in {"not_yet", "close"} and not wrong.correct
    assert check(exercise_id, ...).status == "not_answered"
    configure(language="en")


def test_answers_differ_between_cohorts_where_the_data_do():
    first, second = COHORTS
    assert reference_answer("rem-global-average", first) != reference_answer("rem-global-average", second)
    assert reference_answer("lfs-lfpr-migrants", first) != reference_answer("lfs-lfpr-migrants", second)
    assert reference_answer("flows-total-movers", first) == reference_answer("flows-total-movers", second)
