"""Key of 07_country_profile (see README.md in this folder). The "key" of a written exercise (parts C and D) is a
model answer in the cohort's language, for the trainer edition: the trainer grades participants' texts with the
exercise's rubric, never by comparing them with it. The model findings are written from the cohort's data for the
country profiled (its figures, its main destinations, whether it is mainly a country of emigration); the model
governance text is the Philippines' where the Philippines are profiled, elsewhere an outline naming what the
country's own sources must give."""

from __future__ import annotations

import pandas as pd

from mlalib import emigration, labour
from mlalib.context import Context
from mlalib.data.lessons import lesson_data, migrant_stock, origin_tables, profiled_country
from mlalib.errors import InputError
from mlalib.exercises import country_profile as ex
from mlalib.i18n import country_name, format_number
from mlalib.survey import Design


def _female_share(ctx: Context) -> float:
    code = profiled_country(ctx)[0]
    return 100 * migrant_stock(ctx, code, 2020, "female") / migrant_stock(ctx, code, 2020)


def _summary(ctx: Context, year: int = 2019) -> pd.Series:
    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    return emigration.origin_summary(od, totals, [code], year).loc[code]


def _world_share(ctx: Context) -> float:
    _, totals = origin_tables(ctx)
    world = totals[(totals["code"] == 900) & (totals["year"] == 2019)].iloc[0]
    return 100 * float(world["immigrants"]) / (1000 * float(world["population_thousands"]))


def _immigrant_share(ctx: Context) -> str:
    row = _summary(ctx)
    return "above" if 100 * row["immigrants"] / row["residents"] > _world_share(ctx) else "below"


def _destinations(ctx: Context) -> pd.DataFrame:
    od, _ = origin_tables(ctx)
    return emigration.top_destinations(od, profiled_country(ctx)[0], 2019, n=3)


def _main_destinations(ctx: Context) -> str:
    return "yes" if _destinations(ctx)["share_pct"].sum() > 50 else "no"


def _per_emigrant(ctx: Context, year: int) -> float:
    code = profiled_country(ctx)[0]
    od, totals = origin_tables(ctx)
    value = emigration.remittance_summary(lesson_data("remittances", ctx), od, totals, [code], year).loc[
        code, "usd_per_emigrant"]
    if pd.isna(value):
        raise InputError(f"the World Bank publishes no remittances received by {code} in {year}: exercise "
                         f"{ex.REMITTANCES_TREND.id} has no answer for this cohort")
    return float(value)


def _remittances_trend(ctx: Context) -> str:
    return "a" if _per_emigrant(ctx, 2019) > _per_emigrant(ctx, 2010) else "b"


def _unemployment_gap(ctx: Context) -> float:
    design = Design(weight="weight", strata="stratum", psu="psu")
    table = labour.labour_indicators(lesson_data("lfs", ctx), by="migrant_status", design=design)
    rates = table[table["indicator"] == "unemployment_rate"].set_index("migrant_status")["estimate"]
    return float(rates["migrant"] - rates["non-migrant"])


PHILIPPINES_GOVERNANCE = {
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
        ' favor del Pacto Mundial para la Migración Segura, Ordenada y Regular en 2018. Fuentes: Gaceta Oficial de'
        ' Filipinas; NORMLEX (OIT); Colección de Tratados de las Naciones Unidas.'
    ),
}
GOVERNANCE_OUTLINE = {
    "en": (
        "Model answer, an outline for {country}: the trainer checks each fact in the country's own sources. "
        "Policies and laws: the law on labour migration and on the recruitment of workers for employment abroad "
        "(with its number and year), the national migration or diaspora policy, and the programmes for return "
        "and reintegration. Institutions: the ministry of labour and its agency for employment abroad, the "
        "ministry of foreign affairs and its consulates, the body in charge of nationals abroad, and how they "
        "coordinate (an inter-ministerial committee or council). International commitments: ILO Conventions "
        "Nos. 97 and 143 and the 1990 International Convention on the Protection of the Rights of All Migrant "
        "Workers and Members of Their Families, ratified or not (ILO NORMLEX; United Nations Treaty Collection), "
        "the bilateral labour agreements with the main destinations, and the Global Compact for Safe, Orderly and "
        "Regular Migration (United Nations General Assembly resolution 73/195, 2018). Sources: the official "
        "gazette of {country}; ILO NORMLEX; United Nations Treaty Collection."
    ),
    "fr": (
        "Réponse modèle, un plan pour {country} : le formateur vérifie chaque fait dans les sources du pays. "
        "Politiques et lois : la loi sur la migration de main-d'œuvre et le recrutement de travailleurs pour un "
        "emploi à l'étranger (avec son numéro et son année), la politique nationale de migration ou de la "
        "diaspora, et les programmes de retour et de réintégration. Institutions : le ministère du travail et son "
        "organisme chargé de l'emploi à l'étranger, le ministère des affaires étrangères et ses consulats, "
        "l'organisme chargé des ressortissants à l'étranger, et leur coordination (un comité ou conseil "
        "interministériel). Engagements internationaux : les conventions de l'OIT nos 97 et 143 et la Convention "
        "internationale de 1990 sur la protection des droits de tous les travailleurs migrants et des membres de "
        "leur famille, ratifiées ou non (NORMLEX de l'OIT ; Collection des traités des Nations Unies), les accords "
        "bilatéraux de main-d'œuvre avec les principaux pays de destination, et le Pacte mondial pour des "
        "migrations sûres, ordonnées et régulières (résolution 73/195 de l'Assemblée générale des Nations Unies, "
        "2018). Sources : journal officiel du pays ({country}) ; NORMLEX (OIT) ; Collection des traités des "
        "Nations Unies."
    ),
    "es": (
        "Respuesta modelo, un esquema para {country}: el formador comprueba cada dato en las fuentes del país. "
        "Políticas y leyes: la ley sobre la migración laboral y la contratación de trabajadores para empleos en el "
        "extranjero (con su número y año), la política nacional de migración o de la diáspora, y los programas de "
        "retorno y reintegración. Instituciones: el ministerio de trabajo y su organismo de empleo en el "
        "extranjero, el ministerio de relaciones exteriores y sus consulados, el organismo encargado de los "
        "nacionales en el extranjero, y cómo se coordinan (un comité o consejo interministerial). Compromisos "
        "internacionales: los Convenios núms. 97 y 143 de la OIT y la Convención Internacional de 1990 sobre la "
        "protección de los derechos de todos los trabajadores migratorios y de sus familiares, ratificados o no "
        "(NORMLEX de la OIT; Colección de Tratados de las Naciones Unidas), los acuerdos bilaterales de trabajo con "
        "los principales países de destino, y el Pacto Mundial para la Migración Segura, Ordenada y Regular "
        "(resolución 73/195 de la Asamblea General de las Naciones Unidas, 2018). Fuentes: el diario oficial del "
        "país ({country}); NORMLEX (OIT); Colección de Tratados de las Naciones Unidas."
    ),
}
FINDINGS_MODEL = {
    "en": (
        "Model answer ({country}, from the course's data). Findings: (1) in mid-2019, {emigrants} people born in "
        "the country lived abroad, {first_share}% of them in {first}, against {immigrants} immigrants living in "
        "it: with a net position of {net}, it is mainly a country of {side}; {three_share}% of the emigrants live in "
        "its three main destinations ({three}) (UN DESA, International Migrant Stock 2019). (2) {rate}% of the "
        "people born in the country lived abroad (emigration rate; same source and World Population Prospects "
        "2019); immigrants were {share}% of the residents, {compared} the world's 3.5%. (3) Personal remittances "
        "received reached US${remittances} million in 2019, about US${per_emigrant} per emigrant, {trend} "
        "US${per_emigrant_2010} in 2010, in current dollars (World Bank, World Development Indicators, July 2025; "
        "UN DESA, 2019 edition). The labour table of part B is synthetic: it shows a method, not the situation of "
        "the country. Recommendations: (a) {first_rec} (b) lower the cost of sending money in the main corridors, "
        "towards the 3 per cent of SDG target 10.c, and add a migration module to the labour force survey, so that "
        "the next profile describes migrants' place in the labour market with official figures."
    ),
    "fr": (
        "Réponse modèle ({country}, à partir des données du cours). Conclusions : (1) à la mi-2019, {emigrants} "
        "personnes nées dans le pays vivaient à l'étranger, dont {first_share} % dans le pays suivant : {first}, "
        "contre {immigrants} immigrants vivant dans le pays : avec une position nette de {net}, c'est surtout un "
        "pays {side} ; {three_share} % des émigrés vivent dans ses trois principaux pays de destination ({three}) "
        "(DAES de l'ONU, International Migrant Stock 2019). (2) {rate} % des personnes nées dans le pays vivaient "
        "à l'étranger (taux d'émigration ; même source et World Population Prospects 2019) ; les immigrants "
        "représentaient {share} % des résidents, {compared} des 3,5 % du monde. (3) Les envois de fonds personnels "
        "reçus ont atteint {remittances} millions de dollars É.-U. en 2019, soit environ {per_emigrant} dollars "
        "par émigré, {trend} {per_emigrant_2010} dollars de 2010, en dollars courants (Banque mondiale, "
        "Indicateurs du développement dans le monde, juillet 2025 ; DAES de l'ONU, édition 2019). Le tableau du "
        "marché du travail de la partie B est synthétique : il montre une méthode, pas la situation du pays. "
        "Recommandations : (a) {first_rec} (b) réduire le coût des envois de fonds dans les principaux corridors, "
        "vers les 3 % de la cible 10.c des ODD, et ajouter un module sur la migration à l'enquête sur la "
        "main-d'œuvre, afin que le prochain profil décrive la place des migrants sur le marché du travail avec "
        "des chiffres officiels."
    ),
    "es": (
        "Respuesta modelo ({country}, a partir de los datos del curso). Conclusiones: (1) a mediados de 2019, "
        "{emigrants} personas nacidas en el país vivían en el extranjero, el {first_share} % de ellas en "
        "{first}, frente a {immigrants} inmigrantes que vivían en él: con una posición neta de {net}, es ante todo "
        "un país de {side}; el {three_share} % de los emigrantes vive en sus tres principales países de destino "
        "({three}) (DAES de las Naciones Unidas, International Migrant Stock 2019). (2) El {rate} % de las "
        "personas nacidas en el país vivía en el extranjero (tasa de emigración; misma fuente y World Population "
        "Prospects 2019); los inmigrantes eran el {share} % de los residentes, {compared} del 3,5 % mundial. (3) "
        "Las remesas personales recibidas alcanzaron {remittances} millones de dólares de los EE. UU. en 2019, "
        "unos {per_emigrant} dólares por emigrante, {trend} los {per_emigrant_2010} dólares de 2010, en dólares "
        "corrientes (Banco Mundial, Indicadores del Desarrollo Mundial, julio de 2025; DAES de las Naciones "
        "Unidas, edición de 2019). El cuadro del mercado de trabajo de la parte B es sintético: muestra un "
        "método, no la situación del país. Recomendaciones: (a) {first_rec} (b) reducir el costo del envío de "
        "remesas en los principales corredores, hacia el 3 % de la meta 10.c de los ODS, y añadir un módulo sobre "
        "migración a la encuesta de fuerza de trabajo, para que el próximo perfil describa el lugar de los "
        "migrantes en el mercado de trabajo con cifras oficiales."
    ),
}
#: The words the model findings take from the data, in each language.
WORDS = {
    "en": {"emigration": "emigration", "immigration": "immigration", "above": "above", "below": "below",
           "rose": "up from", "fell": "down from",
           "rec_emigration": "engage the diaspora through the consulates and associations of the main "
                             "destinations, where most emigrants live, and plan the return and reintegration of "
                             "workers, including the recognition of skills acquired abroad;",
           "rec_immigration": "include immigrants in development planning: their access to decent work, the "
                              "recognition of their skills and their social protection, while keeping the links "
                              "with the country's own emigrants;"},
    "fr": {"emigration": "d'émigration", "immigration": "d'immigration", "above": "au-dessus", "below": "en dessous",
           "rose": "en hausse par rapport aux", "fell": "en baisse par rapport aux",
           "rec_emigration": "mobiliser la diaspora par les consulats et les associations des principaux pays de "
                             "destination, où vit la majorité des émigrés, et planifier le retour et la "
                             "réintégration des travailleurs, y compris la reconnaissance des compétences acquises "
                             "à l'étranger ;",
           "rec_immigration": "inclure les immigrants dans la planification du développement : leur accès au "
                              "travail décent, la reconnaissance de leurs compétences et leur protection sociale, "
                              "sans négliger les liens avec les émigrés du pays ;"},
    "es": {"emigration": "emigración", "immigration": "inmigración", "above": "por encima", "below": "por debajo",
           "rose": "más que", "fell": "menos que",
           "rec_emigration": "vincular a la diáspora a través de los consulados y las asociaciones de los "
                             "principales países de destino, donde vive la mayoría de los emigrantes, y planificar "
                             "el retorno y la reintegración de los trabajadores, incluido el reconocimiento de las "
                             "competencias adquiridas en el extranjero;",
           "rec_immigration": "incluir a los inmigrantes en la planificación del desarrollo: su acceso al trabajo "
                              "decente, el reconocimiento de sus competencias y su protección social, sin descuidar "
                              "los vínculos con los emigrantes del país;"},
}


def _governance(ctx: Context) -> str:
    code = profiled_country(ctx)[0]
    if code == "PHL":
        return PHILIPPINES_GOVERNANCE[ctx.language]
    return GOVERNANCE_OUTLINE[ctx.language].format(country=country_name(code, ctx.language))


def _findings(ctx: Context) -> str:
    language = ctx.language
    code = profiled_country(ctx)[0]
    name = country_name(code, language)
    row = _summary(ctx)
    top = _destinations(ctx)
    words = WORDS[language]
    od, totals = origin_tables(ctx)
    received = emigration.remittance_summary(lesson_data("remittances", ctx), od, totals, [code]).loc[
        code, "remittances_usd"]
    side = "emigration" if row["net_position"] < 0 else "immigration"
    number = lambda value, places=0: format_number(value, language, places)  # noqa: E731
    return FINDINGS_MODEL[language].format(
        country=name, emigrants=number(row["emigrants"]), immigrants=number(row["immigrants"]),
        net=number(row["net_position"]), side=words[side],
        first=country_name(top["destination_iso3"].iloc[0], language),
        first_share=number(top["share_pct"].iloc[0], 1), three_share=number(top["share_pct"].sum(), 1),
        three=", ".join(country_name(c, language) for c in top["destination_iso3"]),
        rate=number(row["emigration_rate_pct"], 1), share=number(100 * row["immigrants"] / row["residents"], 1),
        compared=words[_immigrant_share(ctx)], remittances=number(received / 1e6),
        per_emigrant=number(_per_emigrant(ctx, 2019)), per_emigrant_2010=number(_per_emigrant(ctx, 2010)),
        trend=words["rose" if _remittances_trend(ctx) == "a" else "fell"], first_rec=words[f"rec_{side}"])


KEYS = {
    ex.FEMALE_SHARE: _female_share,
    ex.IMMIGRANT_SHARE: _immigrant_share,
    ex.MAIN_DESTINATIONS: _main_destinations,
    ex.REMITTANCES_TREND: _remittances_trend,
    ex.UNEMPLOYMENT_GAP: _unemployment_gap,
    ex.GOVERNANCE: _governance,
    ex.FINDINGS: _findings,
}
