"""mlalib: the analytical companion of the ITC-ILO labour-migration courses.

Statistics (``mlalib.flows``), bundled and official data (``mlalib.data``),
what participants see: figures, tables, explorers and the report (``mlalib.views``), exercise checks
(``mlalib.exercises``) and the trainers' course tooling (``mlalib.course``).
"""

__version__ = "0.1.0"
