"""What every UN DESA migrant-stock file shares: its locations (names, UN M49 codes, ISO codes) and its cells.

* A **location** is printed with an indentation and, where a footnote applies, a trailing ``*``;
  :func:`location_name` gives the name without them.
* Its **code** is the UN M49 numeric code; codes from 900 up are UN DESA's aggregates (world, SDG
  regions, development and income groups, continents and sub-regions), which have no ISO code
  (:func:`is_region`). :func:`iso3_of` gives the ISO 3166-1 alpha-3 code of a country or area.
* A **cell** holds a number or ``..`` (not available), which is missing (``<NA>``), never zero; a stock
  is a whole number of persons (:func:`cell_number`, :func:`persons`).

Example
-------
>>> location_name("   Micronesia (Fed. States of)*"), is_region(954), iso3_of(583)
('Micronesia (Fed. States of)', True, 'FSM')
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from mlalib.errors import DataFileError, InputError, shown

#: The first code of UN DESA's aggregates (regions and groups).
FIRST_REGION_CODE = 900
#: Codes for areas without an ISO 3166-1 code (the World Bank's, as in mlalib.data.worldbank).
NO_ISO = {830: "CHI"}
#: Cells that mean "not available" in UN DESA's workbooks.
NOT_AVAILABLE = ("..", None, "")


def location_name(cell: Any) -> str:
    """A location as printed, without its indentation and the ``*`` that flags a footnote."""
    return str(cell).strip().removesuffix("*").strip()


def is_region(code: int) -> bool:
    """True for UN DESA's aggregates: codes from :data:`FIRST_REGION_CODE` up."""
    return code >= FIRST_REGION_CODE


def iso3_of(code: Any) -> str:
    """ISO 3166-1 alpha-3 code of the country or area with the UN M49 code ``code`` (``CHI`` for the Channel Islands).

    ``code`` is a whole number: an int, or a float such as ``608.0``. Text, booleans, missing values,
    fractions and numbers that are not the code of a country or area (UN DESA's regions and groups,
    from 900 up, have no ISO code) are refused with :class:`~mlalib.errors.InputError`.

    Example
    -------
    >>> iso3_of(608), iso3_of(608.0), iso3_of(830)
    ('PHL', 'PHL', 'CHI')
    >>> iso3_of("608")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlalib.errors.InputError: argument 'code' must be a UN M49 code, a whole number such as 608, got the text '608' ...
    """
    expected = "argument 'code' must be a UN M49 code, a whole number such as 608, got"
    if isinstance(code, str):
        hint = " (write it without quotes; text is never converted to numbers)" if code.strip().isdigit() else ""
        raise InputError(f"{expected} the text {shown(code)}{hint}")
    whole = isinstance(code, (int, np.integer)) or (
        isinstance(code, (float, np.floating)) and math.isfinite(code) and code == int(code))
    if isinstance(code, (bool, np.bool_)) or not whole:
        raise InputError(f"{expected} {shown(code)}")
    iso3 = _iso3(int(code))
    if iso3 is None:
        raise InputError(f"argument 'code': {_not_a_country(int(code))}")
    return iso3


def _iso3(number: int) -> str | None:
    if number in NO_ISO:
        return NO_ISO[number]
    country = pycountry.countries.get(numeric=f"{number:03d}") if 0 <= number < FIRST_REGION_CODE else None
    return country.alpha_3 if country else None


def _not_a_country(number: int) -> str:
    why = " (UN DESA's codes from 900 up are regions and groups, which have no ISO code)" if is_region(number) else ""
    return f"{number} is not the UN M49 code of a country or area{why}"


def iso3_in_file(code: int, where: str) -> str:
    """The ISO code of a location code read from a file, ``""`` for a region; an unknown code names ``where``."""
    if is_region(code):
        return ""
    iso3 = _iso3(code)
    if iso3 is None:
        raise DataFileError(f"{where}: the location code {_not_a_country(code)}")
    return iso3


def cell_number(value: Any, where: str, *, negative: bool = False) -> Any:
    """A number read from a cell, or ``<NA>`` for ``..`` (not available); ``negative`` numbers only where allowed.

    ``where`` names the file, sheet, row and column in the error.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise DataFileError(f"{where}: {value!r}, expected a number or '..'")
        if value < 0 and not negative:
            raise DataFileError(f"{where}: {value:g} is negative; expected a number of persons")
        return value
    if value in NOT_AVAILABLE:
        return pd.NA
    raise DataFileError(f"{where}: {shown(value)}, expected a number or '..'")


def persons(value: Any, where: str) -> Any:
    """A stock as a whole number: the workbooks store a few as sums with binary noise (Andorra 1990:
    38891.00000000001); a fraction is refused."""
    if value is pd.NA or isinstance(value, int):
        return value
    if abs(value - round(value)) > 1e-6:
        raise DataFileError(f"{where}: {value!r} is not a whole number of persons")
    return int(round(value))
