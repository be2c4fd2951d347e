"""Grade a cohort's submitted notebooks (``mlalib grade``): find, run, score, write.

1. **find** every submission (:mod:`mlalib.course.submissions`: the folder rule, e-Campus
   download names, links refused) and the master each one answers;
2. **run** each one in its own kernel, confined, through the one execution engine
   (:mod:`mlalib.course.running`); the submissions are never modified, and each execution is
   kept in the gradebook folder until the run completes, so an interrupted run resumes;
3. **score** what each recorded, in the grader's process (:mod:`mlalib.course.scoring`), keep
   one file per participant and master, and merge the trainer's scores of written answers
   (:mod:`mlalib.course.written`);
4. **write** the gradebook folder (:mod:`mlalib.course.gradebook`): tables, pages,
   certificates and the e-Campus grade import, the same from Python as from the command line.

Example
-------
>>> report = grade_cohort("cohorts/example.yaml", "submissions", "gradebook", progress=False)  # doctest: +SKIP
>>> report.participants[["participant", "score", "passed"]]  # doctest: +SKIP
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mlalib.course.certificates import load_rules, read_participation
from mlalib.course.cohort import load_cohort
from mlalib.course.gradebook import GradingReport, check_score_sheet, claim_folder, participants_table, \
    write_gradebook
from mlalib.course.isolation import Isolation, isolation
from mlalib.course.masters import install_course_keys, load_masters, master_notebooks, notebooks_folder
from mlalib.course.moodle import Participants, read_participants
from mlalib.course.running import RunLimits, run_submissions
from mlalib.course.scoring import (
    Scoring, in_course_order, not_submitted, readable_submissions, resolve_duplicates, score_safely, sorted_rows,
)
from mlalib.course.submissions import find_submissions
from mlalib.course.translation import master_titles
from mlalib.course.written import merge_written_scores, read_written_scores
from mlalib.errors import InputError
from mlalib.exercises import exercises as registered
from mlalib.i18n import text

ISOLATION_MODES = ("auto", "required", "none")
#: Where a run keeps the executions it finished, to resume after an interruption (inside the gradebook folder).
CACHE_DIR = ".mlalib-grading-cache"


@dataclass(frozen=True)
class GradingOptions:
    """Limits and scoring policy of a grading run (``memory_limit_mb``: per kernel, 0 for none)."""

    cell_timeout: int = 120
    notebook_timeout: int = 900
    close_credit: float = 0.5
    memory_limit_mb: int = 4096
    #: Megabytes of output (printed text, displayed data) after which a notebook is stopped; 0 for no limit.
    output_limit_mb: int = 100
    #: "auto": in a bubblewrap sandbox where it works, else guarded only (and said so); "required": refuse to
    #: grade without the sandbox; "none": guarded only.
    isolation: str = "auto"

    def __post_init__(self) -> None:
        if self.isolation not in ISOLATION_MODES:
            raise InputError(f"'isolation' must be one of {', '.join(ISOLATION_MODES)}, got {self.isolation!r}")
        for name in ("cell_timeout", "notebook_timeout"):
            if getattr(self, name) < 1:
                raise InputError(f"'{name}' must be at least 1 second, got {getattr(self, name)}")
        if self.output_limit_mb < 0:
            raise InputError(f"'output_limit_mb' must be 0 (no limit) or more, got {self.output_limit_mb}")
        if self.memory_limit_mb < 0:
            raise InputError(f"'memory_limit_mb' must be 0 (no limit) or more, got {self.memory_limit_mb}")
        if not 0 <= self.close_credit <= 1:
            raise InputError(f"'close_credit' must be between 0 and 1, got {self.close_credit}")

    @property
    def limits(self) -> RunLimits:
        return RunLimits(self.cell_timeout, self.notebook_timeout, self.memory_limit_mb,
                         self.output_limit_mb * 10**6)

    @property
    def scoring(self) -> Scoring:
        return Scoring(self.close_credit, self.cell_timeout)


def grade_cohort(
    cohort_file: str | Path,
    submissions_dir: str | Path,
    out: str | Path,
    *,
    participation: str | Path | None = None,
    programme: str | Path = "single-course",
    notebooks_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
    options: GradingOptions = GradingOptions(),
    written_scores: str | Path | None = None,
    moodle_participants: str | Path | Participants | None = None,
    moodle_identifier: str | None = None,
) -> GradingReport:
    """Grade every submission in ``submissions_dir`` and write the gradebook folder ``out``.

    Parameters
    ----------
    cohort_file : the cohort YAML the notebooks were built from (its context is injected again).
    submissions_dir : one folder per participant (see :mod:`mlalib.course.submissions`).
    out : the gradebook folder (created; must not be inside the submissions folder or contain it).
    participation : optional participation record (CSV, see :mod:`mlalib.course.certificates`);
        its ``final_score``, where missing, is the notebooks' score; ``certificates.csv`` is written.
    programme : the certificate rules (a bundled programme name or a YAML file).
    notebooks_dir : folder of master notebooks (default: the project's ``notebooks``).
    jobs : submissions executed at once (default: number of cores).
    progress : show a progress bar.
    options : time limits and the credit of a "close" answer.
    written_scores : the score sheet of written answers a trainer filled (``written_scores.csv`` of an
        earlier run, :mod:`mlalib.course.written`).
    moodle_participants : an e-Campus (Moodle) participants file (or one already read): ``moodle_grades.csv``
        is written for Moodle's grade import (:mod:`mlalib.course.moodle`).
    moodle_identifier : the user field identifying participants there (``email``, ``username`` or ``idnumber``).

    Every input is checked before any submission runs.
    """
    folder = notebooks_folder(notebooks_dir)
    cohort = load_cohort(cohort_file, available_notebooks=list(master_notebooks(folder)))
    submissions_root, out = Path(submissions_dir).resolve(), Path(out).resolve()
    for a, b in ((out, submissions_root), (submissions_root, out)):
        if a == b or b in a.parents:
            raise InputError(f"the gradebook folder {str(out)!r} and the submissions folder {str(submissions_root)!r} "
                             "must be separate (neither inside the other)")
    if moodle_identifier is not None and moodle_participants is None:
        raise InputError("argument 'moodle_identifier' (--moodle-identifier) needs a Moodle participants file "
                         "(--moodle-participants FILE)")
    moodle = moodle_participants if isinstance(moodle_participants, Participants) or moodle_participants is None \
        else read_participants(moodle_participants, moodle_identifier)
    isolated = resolve_isolation(options.isolation)
    rules = load_rules(programme)
    records = read_participation(participation, rules) if participation is not None else None
    masters = load_masters(cohort, folder)
    install_course_keys(folder, masters)
    found = find_submissions(submissions_root)
    participants = sorted({s.participant for s in found if s.participant})
    if records is not None:
        participants = sorted(set(participants) | set(records["participant"].astype(str)))
    written = {e.id: (name, e.points) for name, m in masters.items() for e in m.exercises
               if registered()[e.id].kind == "written"}
    scores = read_written_scores(written_scores, written, set(participants)) if written_scores is not None else None
    claim_folder(out)
    check_score_sheet(out, Path(written_scores) if written_scores is not None else None)
    rows: list[dict[str, Any]] = []
    candidates, unreadable = readable_submissions(found, masters, cohort.language, rows)
    ctx = cohort.context()
    # where the key could be read: the masters, the cohort's built trainer editions, other submissions, the gradebook
    protected = [submissions_root, out, folder.resolve(), (Path(cohort.output) / cohort.id).resolve()]
    # ignore_cleanup_errors: after Ctrl-C a kernel being stopped may still write there while the folder is removed;
    # what it leaves is in the system's temporary folder, and the interruption is what the trainer sees
    with tempfile.TemporaryDirectory(prefix="mlalib-grading-", ignore_cleanup_errors=True) as scratch:
        executions = run_submissions([(g.master, g.nb) for g in candidates], cohort, Path(scratch), protected,
                                     options.limits, isolated, out / CACHE_DIR, jobs=jobs, progress=progress)
        expected: dict[str, Any] = {}
        scored = [score_safely(graded, masters[graded.master], executions[number], ctx, cohort, options.scoring,
                               expected, scratch) for number, graded in enumerate(candidates)]
    chosen = resolve_duplicates(candidates, scored, cohort.language, rows)
    answers = pd.DataFrame([{"participant": r["participant"], "notebook": r["notebook"], "exercise": r["exercise"],
                             "max": r["max"], "answer": r["answer"]} for r in rows if "answer" in r],
                           columns=["participant", "notebook", "exercise", "max", "answer"])
    submitted = {(g.submission.participant, g.master) for g in chosen}
    rows += not_submitted(participants, masters, submitted, unreadable, cohort.language)
    table, answers = merge_written_scores(sorted_rows(rows, masters), answers, scores,
                                          text("grading.written_scored", cohort.language), str(written_scores))
    people, exercises = participants_table(table, participants, masters, records, rules, cohort.language)
    report = GradingReport(cohort, table, people, exercises, options.close_credit, rules.passing_score, isolated,
                           in_course_order(answers, masters), list(masters),
                           master_titles(folder, cohort.language, list(masters)), moodle,
                           {s.participant: s.moodle_id for s in found if s.moodle_id}, rules.programme)
    write_gradebook(report, out)
    if not len(answers):  # the run is complete: nothing to resume (with written answers, kept for the run that
        shutil.rmtree(out / CACHE_DIR, ignore_errors=True)  # merges their scores: it then executes nothing again
    return report


def resolve_isolation(mode: str) -> Isolation:
    """The isolation a run uses: ``mode`` is "auto", "required" (refuse without it) or "none"."""
    if mode == "none":
        return Isolation(False, "switched off (--isolation none)")
    found = isolation()
    if mode == "required" and not found.available:
        raise InputError(f"submissions cannot be isolated, and --isolation required was given: {found.reason}")
    return found
