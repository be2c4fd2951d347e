"""Stocks and flows.

* :mod:`mlalib.flows.accounting`: balancing equation, residual net migration, crude and net
  migration rates, the UN DESA annual rate of change;
* :mod:`mlalib.flows.from_stocks`: bilateral flows estimated from two stock tables (Abel's
  demographic accounting, stock differencing, rate-based methods), as in the R package migest;
* :mod:`mlalib.flows.summaries`: origin-destination matrices, in/out/net/turnover per region,
  conversions between long tables and matrices.

Example
-------
>>> from mlalib import flows
>>> round(float(flows.annual_rate_of_change(152_986_157, 280_598_105, years=30)), 2)
2.02
"""

from mlalib.flows.accounting import (
    annual_rate_of_change, balancing_equation, crude_rate, net_migration_rate, net_migration_residual,
)
from mlalib.flows.from_stocks import (
    flows_from_rates, flows_from_stock_differences, flows_from_stocks, rescale_integer_sum,
)
from mlalib.flows.summaries import net_migration, od_matrix, region_summary, to_long, to_matrix

__all__ = [
    "annual_rate_of_change", "balancing_equation", "crude_rate", "flows_from_rates", "flows_from_stock_differences",
    "flows_from_stocks", "net_migration", "net_migration_rate", "net_migration_residual", "od_matrix",
    "region_summary", "rescale_integer_sum", "to_long", "to_matrix",
]
