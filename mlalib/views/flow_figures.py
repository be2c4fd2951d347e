"""Figures of migration flows (notebook 02): an origin-destination table as a Sankey diagram.

Example
-------
>>> import pandas as pd
>>> od = pd.DataFrame([[0, 5], [2, 0]], index=["A", "B"], columns=["A", "B"])
>>> od_sankey_figure(od, "Moves", "Invented").data[0].link.value
(5.0, 2.0)
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mlalib.i18n import text
from mlalib.views.figures import OKABE_ITO, add_source_note, course_template, describe
from mlalib.views.numbers import number_text, rounded


def od_sankey_figure(od: pd.DataFrame, title: str, source: str, language: str = "en") -> go.Figure:
    """A Sankey diagram of an origin-destination table: origins on the left, destinations on the right."""
    labels = [str(v) for v in od.index]
    n = len(labels)
    values = od.to_numpy(dtype=float)
    src, dst, val = [], [], []
    for i in range(n):
        for j in range(n):
            if i != j and values[i, j] > 0:
                src.append(i)
                dst.append(n + j)
                val.append(values[i, j])
    val = rounded(val, 2)
    fig = go.Figure(go.Sankey(
        node={"label": [f"{label} →" for label in labels] + [f"→ {label}" for label in labels], "pad": 18,
              "color": [OKABE_ITO["blue"]] * n + [OKABE_ITO["orange"]] * n},
        link={"source": src, "target": dst, "value": val},
    ))
    fig.update_layout(title=title, height=420, template=course_template())
    if val:
        k = max(range(len(val)), key=val.__getitem__)
        sentence = text("figures.describe.sankey", language, title=title, n=len(val), origin=labels[src[k]],
                        destination=labels[dst[k] - n], value=number_text(val[k], language, 2))
    else:
        sentence = text("figures.describe.sankey_empty", language, title=title)
    describe(fig, sentence)
    return add_source_note(fig, source, language)
