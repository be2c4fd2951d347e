"""IPF against migest's documented ipf2/ipf3 examples, and its error handling."""

from __future__ import annotations

import numpy as np
import pytest

from mlalib.errors import InputError
from mlalib.ipf import ConvergenceWarning, fit, ipf2, ipf3
from tests.migest_cases import case, frame, without_margins

IPF2_CASES = [("ipf2_willekens1999", 0.005), ("ipf2_independence", 0.005), ("ipf2_3x3", 0.5),
              ("ipf2_row_margin_only", 0.5)]


@pytest.mark.reference
@pytest.mark.parametrize("case_id,printed", IPF2_CASES)
def test_ipf2_examples(reference_dir, case_id, printed):
    c = case(reference_dir, case_id)
    inputs = c["inputs"]
    seed = frame(inputs["m"]).to_numpy() if isinstance(inputs.get("m"), dict) else None  # else "all ones"
    result = ipf2(inputs["row_tot"], inputs["col_tot"], seed=seed)
    want = without_margins(c["expected"]).to_numpy()
    assert result.converged
    if printed == 0.5:  # printed as integers, rounded half to even like R
        np.testing.assert_array_equal(np.round(result.table), want)
    else:
        np.testing.assert_allclose(result.table, want, atol=printed + 1e-9)


@pytest.mark.reference
@pytest.mark.parametrize("case_id", ["ipf3_independent_by_pob", "ipf3_with_offset_array"])
def test_ipf3_examples(reference_dir, case_id):
    c = case(reference_dir, case_id)
    p1, p2 = frame(c["inputs"]["P1"]), frame(c["inputs"]["P2"])
    seed = np.asarray(c["inputs"]["m"]["M"], dtype=float) if "m" in c["inputs"] else None
    result = ipf3(p1.to_numpy().T, p2.to_numpy(), seed=seed)
    assert result.converged
    slices = c["expected"]["array_with_margins_rounded_1dp"]["slices"]
    for k, birthplace in enumerate("ABCD"):  # the printed array also has a Sum slice
        want = without_margins(slices[birthplace])
        np.testing.assert_allclose(result.table[:, :, k], want.to_numpy(), atol=0.05 + 1e-6, err_msg=birthplace)


def test_margins_are_met_and_structural_zeros_kept():
    seed = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], float)
    result = ipf2([10, 20, 30], [25, 20, 15], seed=seed, tol=1e-10)
    assert np.allclose(result.table.sum(axis=1), [10, 20, 30]) and np.allclose(result.table.sum(axis=0), [25, 20, 15])
    assert np.all(np.diag(result.table) == 0)
    assert result.iterations > 1 and result.gap <= 1e-10


def test_inconsistent_margins_are_an_error_not_proportions():
    with pytest.raises(InputError, match=r"margins 1 and 2 are inconsistent: their totals differ \(39.0 vs 38.0\)"):
        ipf2([18, 20], [16, 23])
    with pytest.raises(InputError, match="sub-totals over axes"):
        ipf3([[10, 0], [0, 10]], [[5, 6], [5, 5]])


@pytest.mark.parametrize("call,message", [
    (lambda: ipf2([1, -1], [0, 0]), "margin 2 must be finite and non-negative"),
    (lambda: ipf2([1, 1], [1, 1], seed=[[1, -1], [1, 1]]), "argument 'seed' must be finite and non-negative"),
    (lambda: ipf2([1, 1], [1, 1], seed=[[1, 1, 1], [1, 1, 1]]), "argument 'seed' has shape"),
    (lambda: ipf2(None, None), "give 'row_totals', 'col_totals' or both"),
    (lambda: ipf3([1, 2], [[1, 2]]), "'row_totals' must be \\(origin, type\\)"),
    (lambda: fit(np.ones((2, 2)), [((1, 0), np.ones((2, 2)))]), "list its axes in increasing order"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_infeasible_structural_zeros_report_non_convergence():
    seed = np.array([[1, 0], [0, 0]], float)  # only one cell may be positive
    with pytest.warns(ConvergenceWarning, match="did not converge in 50 sweeps"):
        result = ipf2([1, 1], [1, 1], seed=seed, max_iter=50)
    assert not result.converged and result.gap > 0.5
