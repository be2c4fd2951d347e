"""Key of 07_country_profile (see README.md in this folder). The "key" of a written exercise (parts C and D) is a
model answer in the cohort's language, for the trainer edition: the trainer grades participants' texts with the
exercise's rubric, never by comparing them with it."""

from __future__ import annotations

import pandas as pd

from mlalib import labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data, migrant_stock, origin_tables, profiled_country
from mlalib.exercises import country_profile as ex
from mlalib.survey import Design


def _female_share(ctx: Context) -> float:
    code = profiled_country(ctx)[0]
    return 100 * migrant_stock(ctx, code, 2020, "female") / migrant_stock(ctx, code, 2020)


def _summary(ctx: Context) -> pd.Series:
    from mlalib import emigration

    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    return emigration.origin_summary(od, totals, [code]).loc[code]


def _per_emigrant(ctx: Context) -> float:
    from mlalib import emigration

    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    return float(emigration.remittance_summary(lesson_data("remittances", ctx), od, totals, [code])
                 .loc[code, "usd_per_emigrant"])


def _unemployment_gap(ctx: Context) -> float:
    design = Design(weight="weight", strata="stratum", psu="psu")
    table = labour.labour_indicators(lesson_data("lfs", ctx), by="migrant_status", design=design)
    rates = table[table["indicator"] == "unemployment_rate"].set_index("migrant_status")["estimate"]
    return float(rates["migrant"] - rates["non-migrant"])


GOVERNANCE_MODEL = {
    "en": (
        'Model answer, for the Philippines. Labour migration is governed by the Migrant Workers and Overseas '
        'Filipinos Act of 1995 (Republic Act No. 8042, amended in 2010 by Republic Act No. 10022) and by Republic '
        'Act No. 11641 of 2021, which created the Department of Migrant Workers and gave it the functions of the '
        'Philippine Overseas Employment Administration. The Overseas Workers Welfare Administration supports '
        'workers and their families, including on return and reintegration, and the Commission on Filipinos '
        'Overseas works with the diaspora; an inter-agency council coordinates them. The Philippines has ratified '
        'ILO Conventions Nos. 97 and 143 and the 1990 International Convention on the Protection of the Rights of '
        'All Migrant Workers and Members of Their Families, has signed bilateral labour agreements with countries '
        'of destination, and voted for the Global Compact for Safe, Orderly and Regular Migration in 2018. Sources:'
        ' Official Gazette of the Philippines; ILO NORMLEX; United Nations Treaty Collection.'
    ),
    "fr": (
        "Réponse modèle, pour les Philippines. La migration de main-d'œuvre est régie par la loi de 1995 sur les "
        "travailleurs migrants et les Philippins de l'étranger (loi de la République n° 8042, modifiée en 2010 par "
        'la loi n° 10022) et par la loi de la République n° 11641 de 2021, qui a créé le Département des '
        "travailleurs migrants et lui a confié les fonctions de l'Administration philippine de l'emploi à "
        "l'étranger. L'Administration de la protection sociale des travailleurs à l'étranger soutient les "
        'travailleurs et leur famille, y compris pour le retour et la réintégration, et la Commission des '
        "Philippins de l'étranger travaille avec la diaspora ; un conseil interinstitutions les coordonne. Les "
        "Philippines ont ratifié les conventions de l'OIT nos 97 et 143 et la Convention internationale de 1990 sur"
        ' la protection des droits de tous les travailleurs migrants et des membres de leur famille, ont signé des '
        "accords bilatéraux de main-d'œuvre avec des pays de destination et ont voté en faveur du Pacte mondial "
        'pour des migrations sûres, ordonnées et régulières en 2018. Sources : Journal officiel des Philippines ; '
        'NORMLEX (OIT) ; Collection des traités des Nations Unies.'
    ),
    "es": (
        'Respuesta modelo, para Filipinas. La migración laboral se rige por la Ley de Trabajadores Migrantes y '
        'Filipinos en el Extranjero de 1995 (Ley de la República núm. 8042, modificada en 2010 por la Ley núm. '
        '10022) y por la Ley de la República núm. 11641 de 2021, que creó el Departamento de Trabajadores Migrantes'
        ' y le asignó las funciones de la Administración Filipina de Empleo en el Extranjero. La Administración de '
        'Bienestar de los Trabajadores en el Extranjero apoya a los trabajadores y sus familias, también en el '
        'retorno y la reintegración, y la Comisión de Filipinos en el Extranjero trabaja con la diáspora; un '
        'consejo interinstitucional los coordina. Filipinas ha ratificado los Convenios núms. 97 y 143 de la OIT y '
        'la Convención Internacional de 1990 sobre la protección de los derechos de todos los trabajadores '
        'migratorios y de sus familiares, ha firmado acuerdos bilaterales de trabajo con países de destino y votó a'
        ' favor del Pacto Mundial para una Migración Segura, Ordenada y Regular en 2018. Fuentes: Gaceta Oficial de'
        ' Filipinas; NORMLEX (OIT); Colección de Tratados de las Naciones Unidas.'
    ),
}
FINDINGS_MODEL = {
    "en": (
        'Model answer, for the Philippines. Findings: (1) in 2019 about 6.0 million people born in the Philippines '
        'lived abroad, a third of them in the United States, against about 0.2 million immigrants: the Philippines '
        'is mainly a country of emigration (UN DESA, International Migrant Stock 2019); (2) about 5 in 100 people '
        'born in the Philippines live abroad (emigration rate, same source with World Population Prospects 2019); '
        '(3) personal remittances received reached about US$35 billion in 2019, close to US$6,000 per emigrant '
        "(World Bank WDI). The labour table of part B is synthetic: it shows how migrants' unemployment would be "
        'measured, not the Philippine situation. Recommendations: (a) lower the cost of sending money in the main '
        'corridors, towards the SDG 10.c target of 3 per cent, through competition and digital channels; (b) plan '
        'return and reintegration services, including the recognition of skills acquired abroad, for the large '
        'numbers of workers who come back each year.'
    ),
    "fr": (
        'Réponse modèle, pour les Philippines. Conclusions : (1) en 2019, environ 6,0 millions de personnes nées '
        "aux Philippines vivaient à l'étranger, dont un tiers aux États-Unis, contre environ 0,2 million d'immigrés"
        " : les Philippines sont avant tout un pays d'émigration (DAES de l'ONU, International Migrant Stock 2019) "
        "; (2) environ 5 personnes nées aux Philippines sur 100 vivent à l'étranger (taux d'émigration, même source"
        ' et World Population Prospects 2019) ; (3) les envois de fonds personnels reçus ont atteint environ 35 '
        'milliards de dollars É.-U. en 2019, près de 6 000 dollars par émigré (WDI de la Banque mondiale). Le '
        'tableau du marché du travail de la partie B est synthétique : il montre comment mesurer le chômage des '
        'migrants, pas la situation des Philippines. Recommandations : (a) réduire le coût des envois de fonds dans'
        " les principaux corridors, vers la cible de 3 % de l'ODD 10.c, par la concurrence et les canaux numériques"
        ' ; (b) planifier des services de retour et de réintégration, y compris la reconnaissance des compétences '
        "acquises à l'étranger, pour les nombreux travailleurs qui reviennent chaque année."
    ),
    "es": (
        'Respuesta modelo, para Filipinas. Conclusiones: (1) en 2019 unos 6,0 millones de personas nacidas en '
        'Filipinas vivían en el extranjero, un tercio de ellas en los Estados Unidos, frente a unos 0,2 millones de'
        ' inmigrantes: Filipinas es ante todo un país de emigración (DAES de las Naciones Unidas, International '
        'Migrant Stock 2019); (2) unas 5 de cada 100 personas nacidas en Filipinas viven en el extranjero (tasa de '
        'emigración, misma fuente y World Population Prospects 2019); (3) las remesas personales recibidas '
        'alcanzaron unos 35 000 millones de dólares de los EE. UU. en 2019, cerca de 6 000 dólares por emigrante '
        '(WDI del Banco Mundial). El cuadro del mercado de trabajo de la parte B es sintético: muestra cómo se '
        'mediría la desocupación de los migrantes, no la situación de Filipinas. Recomendaciones: (a) reducir el '
        'costo del envío de remesas en los principales corredores, hacia la meta del 3 % del ODS 10.c, mediante la '
        'competencia y los canales digitales; (b) planificar servicios de retorno y reintegración, incluido el '
        'reconocimiento de las competencias adquiridas en el extranjero, para los numerosos trabajadores que '
        'regresan cada año.'
    ),
}


KEYS = {
    ex.FEMALE_SHARE: _female_share,
    ex.EMIGRATION_RATE: lambda ctx: float(_summary(ctx)["emigration_rate_pct"]),
    ex.NET_POSITION: lambda ctx: "emigration" if _summary(ctx)["net_position"] < 0 else "immigration",
    ex.REMITTANCES_PER_EMIGRANT: _per_emigrant,
    ex.UNEMPLOYMENT_GAP: _unemployment_gap,
    ex.GOVERNANCE: lambda ctx: GOVERNANCE_MODEL[ctx.language],
    ex.FINDINGS: lambda ctx: FINDINGS_MODEL[ctx.language],
}
