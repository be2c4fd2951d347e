"""Benchmark: flows from two 200-region stock tables (the size of the global estimates).

Prints seconds per estimate for ``flows_from_stocks`` (closed form of the minimum-migration
solution) and, in the same run, for the baseline that fits the movers by 3-D IPF as migest
does (``mipfp::Ipfp`` on an origin x destination x birthplace array; here forced by a seed of
ones, which gives the same flows), with the ratio. migest itself needs about 5 s per 200-region
estimate on a 2-core machine of this class (figure from the issue; R is not installed here).

Run: ``.venv/bin/python benchmarks/flows_bench.py [--regions 200] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mlalib import flows  # noqa: E402


def stock_tables(n: int, seed: int = 20260301) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Random but plausible stock tables: large native-born diagonals, skewed foreign-born cells."""
    rng = np.random.default_rng(seed)
    labels = [f"R{i:03d}" for i in range(n)]
    foreign = rng.lognormal(mean=6, sigma=2, size=(n, n)) * (rng.random((n, n)) < 0.6)
    start = foreign.copy()
    np.fill_diagonal(start, rng.lognormal(mean=15, sigma=1.2, size=n))
    end = start * rng.lognormal(0, 0.15, size=(n, n))
    residents = start.sum(axis=0)
    births = pd.Series(np.round(residents * 0.09), index=labels)
    deaths = pd.Series(np.round(residents * 0.04), index=labels)
    frame = lambda v: pd.DataFrame(np.round(v), index=labels, columns=labels)  # noqa: E731
    return frame(start), frame(end), births, deaths


def timed(function, repeat: int) -> float:
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    s1, s2, b, d = stock_tables(args.regions)
    ones = np.ones((args.regions, args.regions))
    ours = timed(lambda: flows.flows_from_stocks(s1, s2, b, d), args.repeat)
    result = flows.flows_from_stocks(s1, s2, b, d)
    od = timed(lambda: flows.od_matrix(result), args.repeat)
    baseline = timed(lambda: flows.flows_from_stocks(s1, s2, b, d, seed=ones), max(1, args.repeat // 2))
    check = flows.flows_from_stocks(s1, s2, b, d, seed=ones)
    agree = np.allclose(check["flow"], result["flow"], rtol=1e-6, atol=1e-3)
    print(f"regions: {args.regions} ({len(result):,} birthplace x origin x destination rows)")
    print(f"flows_from_stocks (closed form):         {ours:8.3f} s per estimate")
    print(f"od_matrix of the result:                 {od:8.3f} s")
    print(f"baseline: movers by 3-D IPF (as migest): {baseline:8.3f} s per estimate (same flows: {agree})")
    print(f"speed-up against the IPF baseline:       {baseline / ours:8.1f}x")
    print(f"against migest's ~5 s:                   {5.0 / ours:8.1f}x (migest figure not measured here)")


if __name__ == "__main__":
    main()
