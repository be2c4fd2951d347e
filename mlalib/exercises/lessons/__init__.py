"""The answer key of the course notebooks: one module per master notebook.

Each module registers its notebook's exercises (reference answer computed from the cohort context,
kind, tolerances, options). The data the notebooks work with come from :mod:`mlalib.data.lessons`,
which notebooks import; notebooks never import this package.
"""

from mlalib.exercises.lessons import (  # noqa: F401  (registering is importing)
    bilateral_flows, country_profile, labour_force_by_migrant_status, recruitment_costs, remittances,
    return_and_reintegration, start_here, stocks_and_flows,
)
