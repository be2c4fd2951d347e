"""The term base (mlalib/locale/glossary.csv, mlalib.views.glossary.wrong_terms): one term per concept and language.

Every catalog, the notebooks' (notebooks/locale/<language>/*.po) and the library's
(mlalib/locale/<language>/mlalib.po), is held to it: a form to avoid in any translation fails,
naming the catalog, the line and the term to use. The wrong forms found in review are kept as
cases the term base must reject.
"""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from mlalib.views.glossary import STATUSES, TRANSLATED, _rows, glossary, wrong_terms
from tests.conftest import PROJECT

CATALOGS = sorted([*PROJECT.glob("notebooks/locale/*/*.po"), *PROJECT.glob("mlalib/locale/*/mlalib.po")])

#: Wrong or inconsistent forms found in the French and Spanish catalogs in review: (language, text, term id).
REVIEWED_WRONG_FORMS = [
    ("fr", "20e CIST, 2018, Principes directeurs concernant les statistiques des migrations internationales de "
           "main-d'œuvre", "icls-labour-migration-guidelines"),
    ("fr", "20e CIST, 2018, Lignes directrices concernant les statistiques des migrations internationales de "
           "main-d'œuvre", "icls-labour-migration-guidelines"),
    ("fr", "éliminer les couloirs de transfert dont les coûts sont supérieurs à 5 %", "sdg-10c"),
    ("fr", "un service dans un corridor de transfert", "remittance-corridor"),
    ("fr", "les couloirs de transfert dont les coûts", "remittance-corridor"),
    ("fr", "Les principaux corridors d'émigration en 2019", "migration-corridor"),
    ("fr", "la volonté et la **disposition** (*readiness*)", "readiness"),
    ("fr", "la volonté et la **disponibilité** (les ressources réunies avant le retour)", "readiness"),
    ("fr", "les personnes de retour ont atteint un niveau", "return-migrant"),
    ("fr", "Combien de personnes interrogées chaque critère ferait-il compter", "respondent"),
    ("fr", "les émigrés comparés aux immigrés", "immigrant"),
    ("fr", "les ressortissants du pays vivant à l'étranger sont plus nombreux", "emigrant"),
    ("fr", "le premier de vos pays cibles", "focus-country"),
    ("fr", "est atteinte lorsque les migrants de retour ont atteint des niveaux d'autonomie économique",
     "reintegration"),
    ("fr", "considérer toute nouvelle migration comme un choix", "reintegration"),
    ("fr", "bien-être psychosocial qui leur permet de faire face aux facteurs de (re)migration", "reintegration"),
    ("fr", "Indicateurs : World Development Indicators (Banque mondiale)", "wdi"),
    ("es", "lesiones ocupacionales, por sexo y estatus migratorio", "migrant-status"),
    ("es", "la tasa de desocupación según la condición migratoria", "migrant-status"),
    ("es", "Pacto Mundial para una Migración Segura, Ordenada y Regular", "global-compact"),
    ("es", "la voluntad y la **disposición** (*readiness*)", "readiness"),
    ("es", "una probabilidad relativa", "odds-ratio"),
    ("es", "`exp(b)` es una razón de probabilidades (odds ratio)", "odds-ratio"),
    ("es", "Los **comisiones de contratación y gastos conexos**", "recruitment-fees"),
    ("es", "Una diferencia de unos pocos puntos porcentuales es normal", "percentage-point"),
    ("es", "la tasa de sobrecualificación de los emigrantes", "overqualification"),
    ("es", "la tasa de desocupación", "unemployment-rate"),
    ("es", "| tasa de nini | jóvenes (entre 15 y 24 años)", "neet"),
    ("es", "los retornados", "return-migrant"),
    ("es", "las personas retornadas logran niveles", "return-migrant"),
    ("es", "El perfil trata del primero de sus países de interés", "focus-country"),
    ("es", "Indicadores: World Development Indicators (Banco Mundial)", "wdi"),
    ("es", "que hacen que sus futuras decisiones migratorias sean una cuestión de elección", "reintegration"),
    ("es", "bienestar psicosocial que les permiten hacer frente a los factores que impulsan la (re)migración",
     "reintegration"),
]


def _translations(path):
    """(line, msgstr) of every translated message of a catalog (fuzzy ones too: they are in the file)."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for string in strings:
            if message.id and string:
                yield message.lineno, string


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_catalog_uses_the_terms_of_the_term_base(path):
    language = path.parent.name
    assert language in TRANSLATED, path
    wrong = [f"{path.relative_to(PROJECT)}:{line}: {w.found!r}: use {w.term!r} ({w.term_id})"
             for line, string in _translations(path) for w in wrong_terms(string, language)]
    assert not wrong, "forms to avoid (mlalib/locale/glossary.csv):\n" + "\n".join(wrong)


@pytest.mark.parametrize("language, content, term_id", REVIEWED_WRONG_FORMS)
def test_the_wrong_forms_found_in_review_are_rejected(language, content, term_id):
    assert term_id in {w.term_id for w in wrong_terms(content, language)}


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_glossary_itself_keeps_to_the_term_base_and_gives_each_term_a_status(language):
    table = glossary(language)
    assert set(table["status"]) <= set(STATUSES)
    rows = _rows()
    wrong = [f"{row.id}: {w.found!r}" for row in rows.itertuples()
             for field in (f"term_{language}", f"definition_{language}")
             for w in wrong_terms(getattr(row, field), language)]
    assert not wrong


@pytest.mark.parametrize("content", [
    "à la disposition des participants",           # the word in its other senses stays free
    "les dispositions formelles",
    "Les travailleurs migrants de retour",
    "los migrantes retornados y los trabajadores migrantes retornados",
    "Pacte mondial pour des migrations sûres, ordonnées et régulières",
    "Indicateurs du développement dans le monde (WDI)",
])
def test_right_forms_are_not_flagged(content):
    language = "es" if "retornados" in content else "fr"
    assert wrong_terms(content, language) == []


def test_english_has_no_forms_to_avoid():
    assert wrong_terms("the focus countries and the immigrés", "en") == []
