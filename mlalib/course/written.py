"""Written answers: the trainer's score sheet, read strictly and merged into the gradebook.

A written exercise (kind ``"written"``, :func:`mlalib.exercises.core.acknowledge`) is free text
that ``check()`` keeps without scoring. ``mlalib grade`` collects every participant's text
(one page per exercise, with its rubric: :func:`mlalib.course.pages.written_page`) and
writes ``written_scores.csv`` in the gradebook folder, one row per answer:

``participant, notebook, exercise, max, points, comment``

The trainer fills ``points`` (0 to ``max``; ``1.5`` or ``1,5``; empty: not scored yet) and
optionally ``comment`` (shown to the participant), in a spreadsheet or a text editor
(separator ``,`` or ``;``), then runs ``mlalib grade ... --written-scores written_scores.csv``:
the points replace the pending zero of each answer in the gradebook and the participants'
totals. Every problem of the sheet is reported on one line naming the file, the row (as a
spreadsheet numbers it, the header being row 1), the column and what was expected.

Example
-------
>>> sheet = "participant,exercise,points,comment\\namina,demo-essay,3,Clear\\n"
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "scores.csv"
>>> _ = path.write_text(sheet)
>>> read_written_scores(path, {"demo-essay": ("07_country_profile", 4.0)}, {"amina"}).points.tolist()
[3.0]
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from mlalib.errors import InputError, MissingColumnError, shown
from mlalib.exercises.comparison import parse_number
from mlalib.files import csv_restore, frame_csv

#: The score sheet of written answers the trainer fills, in the gradebook folder.
SCORE_SHEET = "written_scores.csv"
#: Columns of the score sheet mlalib writes (``participant``, ``exercise`` and ``points`` are required).
SHEET_COLUMNS = ["participant", "notebook", "exercise", "max", "points", "comment"]
REQUIRED = ["participant", "exercise", "points"]
#: Status of a written answer awaiting the trainer's points, and of one scored by the trainer.
PENDING, SCORED = "written", "written_scored"


def read_written_scores(path: str | Path, written: dict[str, tuple[str, float]],
                        participants: set[str]) -> pd.DataFrame:
    """Read and check a score sheet before anything is graded.

    Parameters
    ----------
    path : the CSV the trainer filled (``written_scores.csv`` of a gradebook, or a copy).
    written : the cohort's written exercises: id -> (notebook, maximum points).
    participants : the participants being graded.

    Returns
    -------
    DataFrame with ``participant, notebook, exercise, points, comment`` for every row with points
    (rows whose ``points`` cell is empty are not scored yet and left out).

    Raises
    ------
    InputError
        One line: the file is missing or not a CSV, a column is missing, or rows are wrong (each
        named by row and column: unknown participant or exercise, points not a number or out of
        range, an answer scored twice).
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"the written-scores file {str(file)!r} does not exist; give the written_scores.csv "
                         "of the gradebook folder (or a filled copy of it)")
    table = _read_sheet(file)
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise MissingColumnError(f"{file}: the written-scores file lacks the column(s) {', '.join(missing)}; "
                                 f"expected the header {','.join(SHEET_COLUMNS)} (row 1 has "
                                 f"{', '.join(map(repr, table.columns)) or 'nothing'})")
    problems: list[str] = []
    kept: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    for row_number, row in enumerate(table.to_dict("records"), start=2):
        where = f"row {row_number}"
        person, exercise = row["participant"], row["exercise"]
        if person not in participants:
            problems.append(f"{where}, column 'participant': {shown(person)} is not a graded participant "
                            f"(participants: {_some(sorted(participants))})")
            continue
        if exercise not in written:
            problems.append(f"{where}, column 'exercise': {shown(exercise)} is not a written exercise of this "
                            f"cohort's notebooks (written exercises: {_some(sorted(written)) or 'none'})")
            continue
        notebook, maximum = written[exercise]
        if row.get("notebook", "") not in ("", notebook):
            problems.append(f"{where}, column 'notebook': {shown(row['notebook'])}, but exercise '{exercise}' is "
                            f"in {notebook}; correct it or leave it empty")
            continue
        if row["points"] == "":
            continue
        points = parse_number(row["points"])
        if points is None or not 0 <= points <= maximum:
            problems.append(f"{where}, column 'points': {shown(row['points'])} is not "
                            f"{'a number' if points is None else 'in range'}; expected points from 0 to "
                            f"{maximum:g} (or empty: not scored yet)")
            continue
        if (person, exercise) in seen:
            problems.append(f"{where}, column 'exercise': {person}'s answer to '{exercise}' is already scored in "
                            f"row {seen[(person, exercise)]}; score each answer once")
            continue
        seen[(person, exercise)] = row_number
        kept.append({"participant": person, "notebook": notebook, "exercise": exercise, "points": points,
                     "comment": row.get("comment", "")})
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(f"{file}: {problems[0]}{more}")
    return pd.DataFrame(kept, columns=["participant", "notebook", "exercise", "points", "comment"])


def _read_sheet(file: Path) -> pd.DataFrame:
    """The sheet as text cells, stripped; ``,`` or ``;`` as separator (a French or Spanish spreadsheet uses ``;``)."""
    try:
        content = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{file}: not a UTF-8 text file (byte {err.start:,}); save the sheet as CSV UTF-8") from None
    first = content.splitlines()[0] if content.strip() else ""
    separator = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(content), delimiter=separator, strict=True))
    except csv.Error as err:
        raise InputError(f"{file}: not a readable CSV file ({err})") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise MissingColumnError(f"{file}: the written-scores file is empty; expected the header "
                                 f"{','.join(SHEET_COLUMNS)}")
    header = [cell.strip() for cell in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise InputError(f"{file}: row {number} has {len(row)} cells, the header {len(header)}; put a comment "
                             f"with the separator {separator!r} in double quotes")
    # cells mlalib neutralised for spreadsheets ('=...) are read back as they were
    cells = [[csv_restore(cell.strip()) for cell in row] + [""] * (len(header) - len(row)) for row in rows[1:]]
    return pd.DataFrame(cells, columns=header, dtype=str)


def _some(names: list[str], first: int = 5) -> str:
    return ", ".join(names[:first]) + (f" and {len(names) - first} more" if len(names) > first else "")


def score_sheet(written: pd.DataFrame) -> str:
    """The sheet a trainer fills: one row per written answer, with the points and comments already merged.

    >>> score_sheet(pd.DataFrame([{"participant": "amina", "notebook": "07_country_profile",
    ...     "exercise": "demo-essay", "max": 4.0, "points": None, "comment": ""}]))
    'participant,notebook,exercise,max,points,comment\\namina,07_country_profile,demo-essay,4,,\\n'
    """
    table = written.reindex(columns=SHEET_COLUMNS).copy()
    table["points"] = table["points"].map(lambda v: "" if pd.isna(v) else f"{float(v):g}")
    table["max"] = table["max"].map(lambda v: f"{float(v):g}")
    return frame_csv(table.fillna("").astype(str))


def merge_written_scores(rows: pd.DataFrame, written: pd.DataFrame, scores: pd.DataFrame | None,
                         scored_feedback: str, file: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gradebook rows and the written answers with the trainer's points merged in.

    A scored answer gets its points, the status ``written_scored`` and, as feedback, the
    trainer's comment (``scored_feedback`` when there is none). A score for an answer that was
    not given (the participant left the exercise blank) is an error naming the file.
    """
    rows, written = rows.copy(), written.copy()
    written["points"], written["comment"] = None, ""
    if scores is None or scores.empty:
        return rows, written
    for score in scores.itertuples(index=False):
        answer = (written["participant"] == score.participant) & (written["exercise"] == score.exercise)
        if not answer.any():
            raise InputError(f"{file}: {score.participant} gave no written answer to '{score.exercise}', yet the "
                             "sheet scores it; leave its points empty")
        written.loc[answer, ["points", "comment"]] = [score.points, score.comment]
        mark = (rows["participant"] == score.participant) & (rows["exercise"] == score.exercise) & \
            (rows["status"] == PENDING)
        rows.loc[mark, ["points", "status", "feedback"]] = [score.points, SCORED, score.comment or scored_feedback]
    return rows, written
