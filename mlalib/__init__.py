"""mlalib: the analytical companion of the ITC-ILO labour-migration courses.

Statistics (``mlalib.flows``), bundled and official data (``mlalib.data``),
figures and explorers (``mlalib.plots``, ``mlalib.widgets``), exercise checks
(``mlalib.exercises``) and the trainers' course tooling (``mlalib.course``).
"""

__version__ = "0.1.0"
