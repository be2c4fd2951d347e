"""What participants see: figures, tables, explorers, the migration-profile report, the glossary and the
environment check, in the cohort's language and drawn offline.

One module per kind of view, named after what it shows:

* :mod:`mlalib.views.figures`: what every figure shares (palette and template, markers and dashes, hatching
  legend, text description linked to the figure, source note, reference lines, toolbar, offline display); the figures themselves are in one module per topic,
  ``<topic>_figures``: :mod:`~mlalib.views.stock_figures`, :mod:`~mlalib.views.flow_figures`,
  :mod:`~mlalib.views.labour_figures`, :mod:`~mlalib.views.remittance_figures`,
  :mod:`~mlalib.views.reintegration_figures`, :mod:`~mlalib.views.distribution_figures`,
  :mod:`~mlalib.views.emigration_figures`, :mod:`~mlalib.views.decent_work_figures`;
* :mod:`mlalib.views.numbers`: every number a view writes, rounded by its size in the cohort's locale;
* :mod:`mlalib.views.tables`: tables written for people (numbers in the cohort's locale, captions);
* :mod:`mlalib.views.explorers`: ipywidgets explorers with a static fallback;
* :mod:`mlalib.views.report`: the migration profile as a standalone HTML page;
* :mod:`mlalib.views.glossary`: the trilingual glossary as a table;
* :mod:`mlalib.views.environment`: the check of a participant's environment, as a table.

Views compute nothing of their own beyond reshaping for display: the numbers come from the statistics
modules and the data layer. The package imports none of its modules, so a notebook pays only for the views
it uses.
"""
