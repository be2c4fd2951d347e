"""Readable tables: thousands separators, the criterion of migrant status stated, no raw Series."""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.data import load
from mlalib.views.tables import readable


def test_numbers_follow_the_language_and_booleans_are_words():
    frame = pd.DataFrame({"headcount": pd.array([1197624, None], dtype="Int64"), "rate": [2.346, 0.5],
                          "ok": [True, False]})
    assert readable(frame, "en", decimals=2).cells.to_dict("list") == {
        "headcount": ["1,197,624", "–"], "rate": ["2.35", "0.50"], "ok": ["yes", "no"]}
    fr = readable(frame, "fr", decimals={"rate": 1}).cells
    assert fr["headcount"][0] == "1\u202f197\u202f624" and fr["rate"][0] == "2,3" and fr["ok"][0] == "oui"
    assert readable(frame, "es").cells["headcount"][0] == "1.197.624"


def test_every_table_of_migrant_status_states_its_criterion(survey_design):
    lfs = labour.icls_categories(load("synthetic_lfs"), "PHL", criterion="citizenship")
    table = labour.labour_indicators(lfs, by="migrant_status", design=survey_design)
    shown = readable(table, "en", caption="Labour force indicators, per cent.")
    assert shown.caption.startswith("Migrant status by citizenship: migrants are the foreign citizens")
    assert shown.caption.endswith("Labour force indicators, per cent.")
    assert "Migrant status by citizenship" in shown._repr_html_() and "by citizenship" in repr(shown)
    assert readable(table, "fr").caption.startswith("Statut migratoire selon la nationalité")
    assert readable(labour.icls_categories(load("synthetic_lfs"), "PHL")[["migrant_status"]].head(), "es") \
        .caption.startswith("Situación migratoria según el lugar de nacimiento")


def test_a_series_is_shown_as_a_table_and_the_html_is_deterministic():
    series = pd.Series([152986157, 280598105], index=pd.Index([1990, 2020], name="year"), name="headcount")
    shown = readable(series, "en", decimals=0)
    assert list(shown.cells.columns) == ["Year", "headcount"]  # 'year' has a message, 'headcount' none
    assert shown.cells.to_dict("list") == {"Year": ["1990", "2020"], "headcount": ["152,986,157", "280,598,105"]}
    assert list(readable(series, "fr").cells.columns) == ["Année", "headcount"]
    assert shown._repr_html_() == readable(series, "en", decimals=0)._repr_html_()


def test_a_table_that_lost_the_record_states_the_criterion_given():
    grouped = pd.DataFrame({"stratum": ["R1-urban"], "migrants_pct": [12.2]})
    assert readable(grouped, "en").caption == ""
    assert readable(grouped, "en", criterion="birth").caption.startswith("Migrant status by place of birth")
    assert grouped.attrs == {}  # the table given is not changed


def test_small_numbers_keep_two_significant_digits():
    frame = pd.DataFrame({"immigrants_per_emigrant": [0.03644, 1.44, 153.2, 0.0]})
    assert readable(frame, "fr", decimals=0).cells.iloc[:, 0].tolist() == ["0,036", "1,4", "153", "0"]


def test_headers_and_categories_are_shown_in_the_cohorts_language_and_codes_stay():
    table = pd.DataFrame({"migrant_status": ["migrant", "non-migrant"], "country": ["MEX", "SEN"],
                          "participation_rate": [61.25, 58.5]})
    shown = readable(table, "es").cells
    assert list(shown.columns) == ["Situación migratoria", "País", "Tasa de participación (%)"]
    assert shown["Situación migratoria"].tolist() == ["migrante", "no migrante"]
    assert shown["País"].tolist() == ["MEX", "SEN"] and shown["Tasa de participación (%)"].tolist() == ["61,2", "58,5"]
