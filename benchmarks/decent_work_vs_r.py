"""Benchmark: the decent-work indicators of mlalib against R's survey package, on the same data, in one run.

For each size (20,000 and 1,000,000 respondents by default) the script generates the course's
synthetic labour force survey (:func:`mlalib.data.synthetic_surveys.labour_force_survey`, classified by
:func:`mlalib.labour.icls_categories`), writes it to a temporary CSV file, reads it back with pandas, and
times, on that table:

* **mlalib**: :func:`mlalib.decent_work.decent_work_indicators` by sex x migrant status (SDG 8.8.1 fatal and
  non-fatal injuries per 100,000 workers, informality, pension coverage, NEET, over-qualification, domestic
  work, care occupations) and :func:`mlalib.decent_work.pay_gap` by sex (mean and median pay gap of migrants),
  each with its standard error, interval and flags; the design is bound, and every column validated, inside
  the timed calls;
* **R**: ``benchmarks/decent_work_vs_r.R``, the same indicators with ``svydesign(ids = ~psu, strata =
  ~stratum, weights = ~weight, nest = TRUE)``, ``svyby(..., svymean)`` on ``subset()`` domains,
  ``svycontrast`` for the mean gap and ``svyquantile`` (Woodruff) with a linearised ``svytotal`` for the
  median gap, from the same CSV file read by ``read.csv``.

Both times exclude reading the file and are the best of ``--repeats`` runs, in CPU seconds (user + system:
the machine is shared, so elapsed times are printed too but the ratio uses CPU time). Both sides run on one
thread, so that CPU seconds count the same work: Debian's R uses the reference BLAS, single-threaded, and the
script holds numpy's OpenBLAS to one thread (``OPENBLAS_NUM_THREADS=1`` unless set; its idle threads otherwise
spin and add about 40% of CPU time at 1,000,000 rows without shortening the elapsed time). The estimates and
standard errors are compared (largest relative difference; absolute where R's value is 0). Goal: mlalib at
least 10x faster than R at 20,000 rows and 20x at 1,000,000. The weighted logistic regression
(:func:`mlalib.models.logistic_regression` against ``svyglm(family = quasibinomial())``, employment on sex,
migrant status, age group and age) is timed (R with glm's default convergence) and compared (R converged to
``epsilon = 1e-15``: at the default, R's SEs still carry the previous iteration's weights) in the same run.

R is not a dependency of mlalib: where ``Rscript`` or its survey package is missing, the script says how to
install them (``apt-get install -y r-base-core r-cran-survey``) and exits with code 0.

Run: ``.venv/bin/python benchmarks/decent_work_vs_r.py [--sizes 20000 1000000] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # before numpy starts its BLAS
    os.environ.setdefault(_threads, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from mlalib import decent_work, models  # noqa: E402
from mlalib.data.synthetic_surveys import labour_force_survey  # noqa: E402
from mlalib.labour import icls_categories  # noqa: E402
from mlalib.survey import Design  # noqa: E402

R_SCRIPT = Path(__file__).with_suffix(".R")
COLUMNS = ["stratum", "psu", "weight", "sex", "age_group", "migrant_status", "labour_status",
           "fatal_occupational_injury", "nonfatal_injury_cases", "informal", "contributes_to_pension", "age",
           "in_education_or_training", "isced_level", "occupation", "domestic_worker", "isco_unit", "monthly_earnings"]
#: R's variable names (benchmarks/decent_work_vs_r.R) -> mlalib's indicators
R_NAMES = {"fatal": "fatal_injury_rate", "nonfatal": "nonfatal_injury_rate", "informal_": "informality_rate",
           "pension": "pension_coverage", "domestic": "domestic_work", "care": "care_occupations",
           "neet": "neet_rate", "over": "overqualification_rate"}
DESIGN = Design(weight="weight", strata="stratum", psu="psu")
GOALS = {20_000: 10.0, 1_000_000: 20.0}
INSTALL = ("R and its survey package are needed for this benchmark (never for mlalib or its tests). On Debian or "
           "Ubuntu: apt-get install -y r-base-core r-cran-survey")


def r_ready() -> bool:
    if shutil.which("Rscript") is None:
        return False
    check = subprocess.run(["Rscript", "-e", "quit(status = !requireNamespace('survey', quietly = TRUE))"],
                           capture_output=True)
    return check.returncode == 0


def write_survey(rows: int, folder: Path) -> Path:
    lfs = icls_categories(labour_force_survey(seed=1, n=rows), country="PHL")[COLUMNS]
    flags = ["fatal_occupational_injury", "informal", "contributes_to_pension", "in_education_or_training",
             "domestic_worker"]
    path = folder / f"lfs_{rows}.csv"
    lfs.astype({c: "Int64" for c in flags}).to_csv(path, index=False)  # True/False as 1/0: both readers agree
    return path


def best_of(call: Callable[[], object], repeats: int) -> tuple[object, float, float]:
    """The result, and the best CPU and elapsed seconds over ``repeats`` calls."""
    cpu = elapsed = np.inf
    result = None
    for _ in range(repeats):
        start_cpu, start = time.process_time(), time.perf_counter()
        result = call()
        cpu = min(cpu, time.process_time() - start_cpu)
        elapsed = min(elapsed, time.perf_counter() - start)
    return result, cpu, elapsed


def mlalib_indicators(lfs: pd.DataFrame) -> pd.DataFrame:
    rates = decent_work.decent_work_indicators(lfs, by=["sex", "migrant_status"], design=DESIGN)
    gaps = decent_work.pay_gap(lfs, by="sex", design=DESIGN).rename(columns={"group": "migrant_status"})
    return pd.concat([rates, gaps], ignore_index=True)


def mlalib_logistic(lfs: pd.DataFrame) -> pd.DataFrame:
    data = lfs.assign(employed=lfs["labour_status"] == "employed")
    fit = models.logistic_regression(data, "employed", ["sex", "migrant_status", "age_group", "age"], design=DESIGN)
    return fit.table


def largest_difference(mine: pd.Series, theirs: pd.Series) -> float:
    """Largest relative difference (absolute where the reference is 0)."""
    scale = np.where(theirs.to_numpy() == 0, 1.0, np.abs(theirs.to_numpy()))
    return float(np.max(np.abs(mine.to_numpy() - theirs.to_numpy()) / scale))


def compare_size(rows: int, folder: Path, repeats: int) -> dict:
    path = write_survey(rows, folder)
    lfs = pd.read_csv(path)
    table, cpu, elapsed = best_of(lambda: mlalib_indicators(lfs), repeats)
    logistic, logistic_cpu, _ = best_of(lambda: mlalib_logistic(lfs), repeats)
    out, out_logistic = folder / f"r_{rows}.csv", folder / f"r_logistic_{rows}.csv"
    done = subprocess.run(["Rscript", str(R_SCRIPT), str(path), str(out), str(repeats), str(out_logistic)],
                          capture_output=True, text=True, check=True)
    r_cpu, r_elapsed, r_logistic_cpu, _ = (float(v) for v in done.stdout.split()[-4:])
    theirs = pd.read_csv(out).replace({"indicator": R_NAMES})
    merged = table.merge(theirs, on=["indicator", "sex", "migrant_status"], suffixes=("", "_r"), validate="1:1")
    if len(merged) != len(theirs) or len(merged) != len(table):
        raise SystemExit(f"the tables do not match row for row: mlalib {len(table)}, R {len(theirs)}, "
                         f"matched {len(merged)}")
    fit = pd.read_csv(out_logistic)
    fit["term"] = fit["term"].str.replace("(Intercept)", "(intercept)", regex=False)
    terms = logistic.assign(term=logistic["variable"].fillna("") + logistic["level"].astype(str).replace("None", ""))
    terms.loc[0, "term"] = "(intercept)"
    joined = terms.merge(fit, on="term", suffixes=("", "_r"), validate="1:1")
    return {"rows": rows, "cpu": cpu, "elapsed": elapsed, "r_cpu": r_cpu, "r_elapsed": r_elapsed,
            "estimate": largest_difference(merged["estimate"], merged["estimate_r"]),
            "se": largest_difference(merged["se"], merged["se_r"]), "indicators": len(merged),
            "logistic_cpu": logistic_cpu, "r_logistic_cpu": r_logistic_cpu, "terms": len(joined),
            "logistic_estimate": largest_difference(joined["coefficient"], joined["coefficient_r"]),
            "logistic_se": largest_difference(joined["se"], joined["se_r"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not r_ready():
        print(INSTALL)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.sizes:
            result = compare_size(rows, Path(tmp), args.repeats)
            ratio = result["r_cpu"] / result["cpu"]
            goal = GOALS.get(rows)
            verdict = "" if goal is None else f" (goal {goal:g}x: {'met' if ratio >= goal else 'NOT met'})"
            print(f"respondents: {rows:,}; {result['indicators']} estimates (8 rates x sex x migrant status, "
                  "mean and median pay gap by sex), each with its SE")
            print(f"  mlalib decent_work: {result['cpu']:8.3f} s CPU ({result['elapsed']:.3f} s elapsed)")
            print(f"  R survey:           {result['r_cpu']:8.3f} s CPU ({result['r_elapsed']:.3f} s elapsed)")
            print(f"  ratio R / mlalib:   {ratio:8.1f}x{verdict}")
            print(f"  largest relative difference: estimates {result['estimate']:.1e}, SEs {result['se']:.1e}")
            print(f"  logistic regression ({result['terms']} terms): mlalib {result['logistic_cpu']:.3f} s, svyglm "
                  f"{result['r_logistic_cpu']:.3f} s CPU, ratio {result['r_logistic_cpu'] / result['logistic_cpu']:.1f}x;"
                  f" differences: coefficients {result['logistic_estimate']:.1e}, SEs {result['logistic_se']:.1e}")


if __name__ == "__main__":
    main()
