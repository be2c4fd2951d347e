"""The ``mlalib`` command: build a cohort's notebooks, grade its submissions, list the data.

Errors that come from the user's input (a bad cohort file, an unknown data set) are
printed as plain lines and exit with code 2, without a traceback; a build in which a
notebook failed exits with code 1 after printing the summary. Grading exits with 0 even
when submissions could not be graded: each of them has a row that says why. ``data verify``
checks every bundled file and exits with 1 when any has a problem (all are listed).

Output piped into a program that stops reading (``mlalib data list | head``) ends quietly;
progress bars are drawn only when the error stream is a terminal (not in CI logs). The same
commands run as ``python -m mlalib ...`` (no launcher script or ``make`` needed).

Example
-------
>>> main(["--version"])  # doctest: +SKIP
mlalib 0.1.0 from /home/me/mlalib/mlalib (Python 3.11.7, /home/me/mlalib/.venv/bin/python)
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

import mlalib
from mlalib import __version__
from mlalib.errors import InputError, MlalibError
from mlalib.i18n import LANGUAGES, SOURCE_LANGUAGE

#: The languages that have catalogs (every course language but the source language).
TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]


def version_text() -> str:
    """What ``--version`` prints: mlalib's version and folder, the Python version and interpreter."""
    return (f"mlalib {__version__} from {Path(mlalib.__file__).resolve().parent} "
            f"(Python {platform.python_version()}, {sys.executable})")


class _Version(argparse.Action):
    """``--version``, printed as one line (argparse's own action wraps long lines)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version, the Python and where both are")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(version_text())
        parser.exit()


def _progress(args: argparse.Namespace) -> bool:
    """A progress bar unless ``--quiet``, and only on a terminal (CI logs get the summary alone)."""
    return not args.quiet and sys.stderr.isatty()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlalib",
        description="Analytical companion of the ITC-ILO labour-migration courses: build a cohort's notebooks, "
        "grade the submitted notebooks, list the bundled data.",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build participant, trainer and HTML editions for a cohort file",
        description="Build participant editions (no solutions), executed trainer editions and HTML copies "
        "of every master notebook for one cohort file.",
    )
    build.add_argument("cohort", type=Path, help="cohort YAML file, e.g. cohorts/example.yaml")
    build.add_argument("--check", action="store_true", help="only validate the cohort file")
    build.add_argument("--jobs", "-j", type=int, default=None, help="notebooks built at once (default: cores)")
    build.add_argument("--output", "-o", type=Path, default=None, help="output folder (default: the file's 'output')")
    build.add_argument("--notebooks-dir", type=Path, default=None, help="folder of master notebooks")
    build.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default: 300)")
    build.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    build.add_argument("--allow-incomplete-translations", action="store_true",
                       help="build a French or Spanish cohort even if some texts are not translated yet "
                       "(they stay in English and the summary counts them)")
    build.add_argument("--self-contained", action="store_true",
                       help="HTML pages that each carry plotly.js (about 5 MB a page) instead of loading the one "
                       "copy next to them (plotly.min.js)")

    grade = commands.add_parser(
        "grade", help="grade submitted notebooks and write the gradebook",
        description="Execute every submitted notebook in an isolated copy with the cohort's parameters, score "
        "each exercise against the key and write gradebook.csv, participants.csv, exercises.csv, summary.html, "
        "one feedback page per participant and, for written exercises, one page per exercise and the score sheet "
        "written_scores.csv (merged back with --written-scores). Folder rule: SUBMISSIONS/<participant>/<notebook>.ipynb; when a "
        "participant submitted several files for one notebook, the one that answers the most exercises counts (then the "
        "one with the most points, then the first by path); symbolic links are refused.",
    )
    grade.add_argument("cohort", type=Path, help="cohort YAML file the notebooks were built from")
    grade.add_argument("submissions", type=Path, help="folder with one subfolder per participant")
    grade.add_argument("--out", "-o", type=Path, required=True, help="gradebook folder (created)")
    grade.add_argument("--participation", type=Path, default=None,
                       help="participation record (CSV) to evaluate certificates")
    grade.add_argument("--programme", default="single-course",
                       help="certificate rules: a bundled programme or a YAML file (default: single-course)")
    grade.add_argument("--notebooks-dir", type=Path, default=None, help="folder of master notebooks")
    grade.add_argument("--jobs", "-j", type=int, default=None, help="submissions executed at once (default: cores)")
    grade.add_argument("--cell-timeout", type=int, default=120, help="seconds allowed per cell (default: 120)")
    grade.add_argument("--timeout", type=int, default=900, help="seconds allowed per notebook (default: 900)")
    grade.add_argument("--memory-limit", type=int, default=4096,
                       help="megabytes of memory each notebook may use, 0 for no limit (default: 4096)")
    grade.add_argument("--output-limit", type=int, default=100,
                       help="megabytes of output after which a notebook is stopped, 0 for no limit (default: 100)")
    grade.add_argument("--close-credit", type=float, default=0.5,
                       help="share of the points for a 'close' answer (default: 0.5)")
    grade.add_argument("--isolation", choices=["auto", "required", "none"], default="auto",
                       help="run each submission in a bubblewrap sandbox: auto (where bubblewrap works, else say "
                       "so), required (refuse to grade without it) or none (default: auto)")
    grade.add_argument("--moodle-participants", type=Path, default=None,
                       help="e-Campus (Moodle) participants file (grading worksheet or gradebook export, CSV): "
                            "also write moodle_grades.csv for Moodle's CSV grade import")
    grade.add_argument("--moodle-identifier", choices=["email", "username", "idnumber"], default=None,
                       help="user field identifying participants in moodle_grades.csv (default: the first of "
                            "email, username, idnumber the participants file has)")
    grade.add_argument("--written-scores", type=Path, default=None,
                       help="the score sheet of written answers you filled (written_scores.csv of the gradebook): "
                            "its points are merged into the gradebook")
    grade.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    i18n = commands.add_parser(
        "i18n", help="translation catalogs: extract, merge, coverage",
        description="Translation catalogs (gettext .po) of the master notebooks (notebooks/locale/<language>/) "
        "and of the library's messages (mlalib/locale/<language>/mlalib.po).",
    )
    i18n_commands = i18n.add_subparsers(dest="i18n_command", metavar="SUBCOMMAND", required=True)
    update = i18n_commands.add_parser(
        "update", help="extract the texts of the masters and merge them into every catalog",
        description="Extract every translatable text of the master notebooks and merge it into each language's "
        "catalog: new texts are added untranslated, changed texts keep their previous translation marked fuzzy, "
        "removed texts become obsolete (#~). The library template mlalib/locale/mlalib.pot is merged likewise.",
    )
    stats = i18n_commands.add_parser("stats", help="coverage per catalog and language; --missing lists what is left")
    for sub in (update, stats):
        sub.add_argument("--language", "-l", action="append", choices=TRANSLATED, default=None,
                         help="only this language (repeatable; default: every translated language)")
        sub.add_argument("--notebooks-dir", type=Path, default=None, help="folder of master notebooks")
    stats.add_argument("--missing", action="store_true", help="list every text not translated or fuzzy")

    data = commands.add_parser("data", help="the bundled data sets")
    data_commands = data.add_subparsers(dest="data_command", metavar="SUBCOMMAND", required=True)
    data_commands.add_parser("list", help="print the registry of bundled data sets")
    data_commands.add_parser("verify", help="check every bundled file's checksum and schema; list every problem")

    _diploma_parser(commands)

    lab = commands.add_parser(
        "lab", help="open JupyterLab on a cohort's participant editions",
        description="Start JupyterLab (the [lab] extra) in the folder of a built cohort's participant editions.",
    )
    lab.add_argument("cohort", type=Path, help="cohort YAML file, built before with 'mlalib build'")
    lab.add_argument("--output", "-o", type=Path, default=None, help="build folder (default: the file's 'output')")
    lab.add_argument("--allow-root", action="store_true",
                     help="let JupyterLab run as root (containers); 'make lab' passes it only when run as root")
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER, metavar="-- JUPYTER_OPTION",
                     help="options passed on to JupyterLab after '--', e.g. -- --no-browser --port 8890")
    _hub_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        _check_options(args)
        commands = {"build": _build, "grade": _grade, "data": _data, "lab": _lab, "i18n": _i18n, "diploma": _diploma,
                    "hub": _hub, "collect": _collect}
        code = commands[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # the reader stopped (``| head``): nothing more to say, and no traceback at exit either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except MlalibError as err:
        print(f"mlalib: error: {err.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mlalib: interrupted; files already written are complete, the rest were not written", file=sys.stderr)
        return 130


#: Options that must be at least 1 (``--memory-limit`` may be 0: no limit).
_POSITIVE = {"jobs": "--jobs", "timeout": "--timeout", "cell_timeout": "--cell-timeout"}


def _check_options(args: argparse.Namespace) -> None:
    """Refuse numbers no command can use (``--timeout 0``, ``--jobs -2``), naming the option."""
    for name, option in _POSITIVE.items():
        value = getattr(args, name, None)
        if value is not None and value < 1:
            unit = "process" if name == "jobs" else "second"
            raise InputError(f"option '{option}' must be at least 1 {unit}, got {value}")
    memory = getattr(args, "memory_limit", None)
    if memory is not None and memory < 0:
        raise InputError(f"option '--memory-limit' must be 0 (no limit) or a number of megabytes, got {memory}")
    credit = getattr(args, "close_credit", None)
    if credit is not None and not 0 <= credit <= 1:
        raise InputError(f"option '--close-credit' must be a share from 0 to 1, got {credit}")


def _build(args: argparse.Namespace) -> int:
    from mlalib.course.build import build_cohort
    from mlalib.course.cohort import load_cohort
    from mlalib.course.masters import master_notebooks, notebooks_folder
    from mlalib.course.translation import require_complete
    from mlalib.i18n import text

    folder = notebooks_folder(args.notebooks_dir)
    if args.check:
        cohort = load_cohort(args.cohort, available_notebooks=list(master_notebooks(folder)), output=args.output,
                             check_output=True)
        if not args.allow_incomplete_translations:
            require_complete(cohort.language, folder, cohort.notebooks, str(args.cohort))
        print(build_plan(args.cohort, cohort, folder, args.output))
        return 0
    report = build_cohort(
        args.cohort, notebooks_dir=folder, output=args.output, jobs=args.jobs,
        progress=_progress(args), timeout=args.timeout,
        allow_incomplete_translations=args.allow_incomplete_translations, self_contained=args.self_contained,
    )
    print(report.table())
    root, lang = report.root, report.cohort.language
    print()
    for edition in ("participant", "participant-html", "trainer", "trainer-html"):
        print(text(f"build.folder_{edition.replace('-', '_')}", lang, path=root / edition))
    if report.archive is not None:
        print(text("build.participant_archive", lang, path=report.archive))
    if not report.ok:
        failed = sorted({s.notebook for s in report.steps if s.status == "failed"})
        print(f"\nmlalib: {text('build.failed_count', lang, count=len(failed), names=', '.join(failed))}",
              file=sys.stderr)
        return 1
    return 0


def build_plan(source: Path, cohort: object, folder: Path, output: Path | None) -> str:
    """What ``mlalib build`` would do for a valid cohort, in its language: the cohort, its path through the
    course (lessons with minutes) and the folder of its editions."""
    from mlalib.course.courses import course_path, course_title
    from mlalib.course.translation import master_titles
    from mlalib.i18n import text

    lang = cohort.language  # type: ignore[attr-defined]
    names = list(cohort.notebooks)  # type: ignore[attr-defined]
    path = course_path(names, master_titles(folder, lang, names))
    root = Path(output if output is not None else cohort.output) / cohort.id  # type: ignore[attr-defined]
    lines = [text("build.plan", lang, file=source, cohort=cohort.id,  # type: ignore[attr-defined]
                  course=course_title(cohort.course, lang), countries=", ".join(cohort.focus_countries),  # type: ignore[attr-defined]
                  folder=root)]
    for number, stop in enumerate(path, start=1):
        minutes = f" ({text('navigation.minutes', lang, minutes=stop.minutes)})" if stop.minutes else ""
        lines.append(f"  {number:2d}. {stop.title}{minutes}")
    return "\n".join(lines)


def _grade(args: argparse.Namespace) -> int:
    from mlalib.course.grading import GradingOptions, grade_cohort
    from mlalib.course.pages import console_table, isolation_note
    from mlalib.files import printable as terminal_safe
    from mlalib.i18n import text

    options = GradingOptions(cell_timeout=args.cell_timeout, notebook_timeout=args.timeout,
                             close_credit=args.close_credit, memory_limit_mb=args.memory_limit,
                             output_limit_mb=args.output_limit, isolation=args.isolation)
    report = grade_cohort(
        args.cohort, args.submissions, args.out, participation=args.participation, programme=args.programme,
        notebooks_dir=args.notebooks_dir, jobs=args.jobs, progress=_progress(args), options=options,
        written_scores=args.written_scores, moodle_participants=args.moodle_participants,
        moodle_identifier=args.moodle_identifier,
    )
    lang = report.cohort.language
    t = lambda key, **values: text(f"grade.{key}", lang, **values)  # noqa: E731
    print(console_table(report.participants, lang))
    problems = report.rows[report.rows["exercise"] == ""]
    if len(problems):
        print(f"\n{t('notes', count=len(problems))}")
        for row in problems.itertuples():
            print(f"  {terminal_safe(row.file)}: {terminal_safe(row.feedback)}")
    print(f"\n{t('gradebook', path=args.out / 'gradebook.csv')}\n{t('summary', path=args.out / 'summary.html')}\n"
          f"{t('feedback', path=args.out / 'feedback')}")
    if len(report.written):
        pending = int((report.rows["status"] == "written").sum())
        print(t("written", path=args.out / "written", pending=pending, total=len(report.written),
                sheet=args.out / "written_scores.csv"))
        if pending and args.written_scores is None:
            print(t("written_next"))
    if "certificate" in report.participants.columns:
        print(t("certificates", path=args.out / "certificates.csv"))
    if report.moodle is not None:
        print(t("moodle", path=args.out / "moodle_grades.csv", column=report.moodle.column))
        for name in report.moodle_missing:
            print(f"  {t('moodle_missing', file=args.moodle_participants, name=terminal_safe(name))}")
    print(f"\n{isolation_note(report)}", file=sys.stdout if report.isolation.available else sys.stderr)
    return 0


def _i18n(args: argparse.Namespace) -> int:
    from mlalib.course.masters import notebooks_folder
    from mlalib.course.translation import catalog_stats, update_catalogs

    folder = notebooks_folder(args.notebooks_dir)
    if args.i18n_command == "update":
        written = update_catalogs(folder, args.language)
        print("\n".join(f"updated {path}" for path in written) or "every catalog is up to date")
        return 0
    rows = catalog_stats(folder, args.language)
    width = max(len(_shown(row.path)) for row in rows)
    print(f"{'catalog'.ljust(width)}  language  translated  fuzzy  untranslated")
    for row in rows:
        print(f"{_shown(row.path).ljust(width)}  {row.language:<8}  {row.percent:9.1f}%  {len(row.fuzzy):5d}  "
              f"{len(row.untranslated):12d}")
    for language in dict.fromkeys(row.language for row in rows):
        mine = [row for row in rows if row.language == language]
        total, done = sum(r.total for r in mine), sum(r.translated for r in mine)
        print(f"{language}: {100 * done / max(total, 1):.1f}% of {total} texts translated")
    for row in rows:
        for label in row.fuzzy:
            print(f"fuzzy (stale, shown in English): {_shown(row.path)}: {_excerpt(label)}")
        if args.missing:
            for label in row.untranslated:
                print(f"untranslated: {_shown(row.path)}: {_excerpt(label)}")
    return 0


def _shown(path: Path) -> str:
    """A path relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _excerpt(label: str) -> str:
    flat = " ".join(label.split())
    return repr(flat if len(flat) <= 90 else flat[:87] + "...")


def _data(args: argparse.Namespace) -> int:
    from mlalib.data import list_datasets, load, registry

    if args.data_command == "list":
        table = list_datasets()
        print(table.to_string(index=False) if len(table) else "no data sets registered")
        return 0
    names = sorted(registry())
    problems = 0
    for name in names:
        try:
            frame = load(name)
        except MlalibError as err:
            problems += 1
            print(f"{name}: PROBLEM: {err}")
        else:
            print(f"{name}: ok ({len(frame)} rows)")
    if problems:
        print(f"mlalib: {problems} of {len(names)} data set(s) failed their checks (listed above)", file=sys.stderr)
        return 1
    return 0


def _diploma_parser(commands: argparse._SubParsersAction) -> None:
    diploma = commands.add_parser(
        "diploma", help="who qualifies for a diploma across cohorts, and what each person still lacks",
        description="From several cohorts' certificate files (certificates.csv of 'mlalib grade --participation') "
        "and a capstone list, say who qualifies for the ITCILO Diploma for Labour Migration Experts and "
        "Practitioners (the Academy, three eligible courses within five years, a capstone project) and what each "
        "person still lacks; write the table to --out and print a summary. Every problem in the files is "
        "printed on a line of its own (exit code 2).",
    )
    diploma.add_argument("certificates", type=Path, nargs="+", metavar="CERTIFICATES",
                         help="certificates.csv files, or gradebook folders holding one; one per cohort")
    diploma.add_argument("--capstones", type=Path, default=None,
                         help="capstone list (CSV: identifier, name, title, approved; README, 'Diploma')")
    diploma.add_argument("--aliases", type=Path, default=None,
                         help="CSV with columns person, same_as: two identifiers or names of one person")
    diploma.add_argument("--rules", default="labour-migration-experts",
                         help="diploma rules: a bundled name or a YAML file (default: labour-migration-experts)")
    diploma.add_argument("--language", "-l", choices=list(LANGUAGES), default=SOURCE_LANGUAGE,
                         help="language of the table and the summary (default: en)")
    diploma.add_argument("--out", "-o", type=Path, default=Path("diploma.csv"),
                         help="the table to write (default: diploma.csv)")
    diploma.add_argument("--on", default=None, metavar="YYYY-MM-DD",
                         help="the day of the assessment (default: today); later dates in the files are refused")


def _diploma(args: argparse.Namespace) -> int:
    import datetime as dt

    from mlalib.course.diploma import diploma_csv, diploma_table, load_diploma_rules, summary
    from mlalib.course.diploma_records import read_inputs
    from mlalib.errors import ConfigError
    from mlalib.files import write_atomic
    from mlalib.i18n import text

    try:
        today = dt.date.fromisoformat(args.on) if args.on is not None else dt.date.today()
    except ValueError:
        raise InputError(f"option '--on' must be a date written YYYY-MM-DD, got {args.on!r}") from None
    inputs = {Path(p).resolve() for p in [*args.certificates, args.capstones, args.aliases] if p is not None}
    if args.out.resolve() in inputs or any(args.out.resolve() == p / "certificates.csv" for p in inputs):
        raise InputError(f"option '--out' names an input file ({str(args.out)!r}); write the table elsewhere")
    try:
        rules = load_diploma_rules(args.rules)
        found = read_inputs(args.certificates, args.capstones, args.aliases, today=today)
    except ConfigError as err:
        print(f"mlalib: error: {err.source}: {len(err.problems)} problem(s)", file=sys.stderr)
        for problem in err.problems[:100]:
            print(f"  {' '.join(problem.split())}", file=sys.stderr)
        if len(err.problems) > 100:
            print(f"  and {len(err.problems) - 100:,} more", file=sys.stderr)
        return 2
    table = diploma_table(found, rules, args.language, today)
    write_atomic(args.out, diploma_csv(table))
    print(summary(table, rules, args.language, today))
    print(text("diploma.table_written", args.language, path=args.out))
    return 0


def _lab(args: argparse.Namespace) -> int:
    import os
    import tempfile
    from importlib.util import find_spec

    from mlalib.course.cohort import load_cohort
    from mlalib.course.lab import missing_language_pack, write_lab_config

    cohort = load_cohort(args.cohort)
    folder = Path(args.output if args.output is not None else cohort.output) / cohort.id / "participant"
    if not folder.is_dir():
        raise InputError(f"no participant editions in {str(folder)!r}; build them first: mlalib build {args.cohort}")
    if find_spec("jupyterlab") is None:
        raise InputError("JupyterLab is not installed; install it with: python -m pip install 'mlalib[lab]'")
    pack = missing_language_pack(cohort.language)
    if pack is not None:
        print(f"mlalib: JupyterLab's menus stay in English: its language pack {pack} is not installed "
              f"(python -m pip install 'mlalib[lab]')", file=sys.stderr)
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={folder}"]
    passed_on = [a for a in args.jupyter_args if a != "--"]
    # the cohort's language and no news pop-up, as default settings of this session only (see mlalib.course.lab)
    with tempfile.TemporaryDirectory(prefix="mlalib-lab-") as config:
        write_lab_config(cohort.language, config)
        paths = [config, *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])]
        env = {**os.environ, "JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}
        return subprocess.call(command + (["--allow-root"] if args.allow_root else []) + passed_on, env=env)


def _hub_parsers(commands: argparse._SubParsersAction) -> None:
    """``mlalib hub`` (a course hub for a built cohort) and ``mlalib collect`` (its homes, for grading)."""
    from mlalib.course.hub import AUTHENTICATORS
    from mlalib.course.moodle import IDENTIFIERS

    hub = commands.add_parser(
        "hub", help="write a JupyterHub configuration (one machine, and Kubernetes) for a built cohort",
        description="Write, for a built cohort, a JupyterHub configuration for one machine (each participant's "
        "server as their own system user, the participant editions copied into their home where absent, "
        "JupyterLab in the cohort's language, idle servers stopped) and Zero to JupyterHub values for "
        "Kubernetes. Secrets come from environment variables, never from a file.",
    )
    hub.add_argument("cohort", type=Path, help="cohort YAML file, built before with 'mlalib build'")
    hub.add_argument("--out", "-o", type=Path, required=True, help="hub folder to write (e.g. hub/)")
    hub.add_argument("--auth", required=True, metavar="|".join(AUTHENTICATORS),
                     help="how participants log in: lti11 or lti13 from e-Campus (Moodle), rehearsal (any name "
                          "and the password in MLALIB_HUB_REHEARSAL_PASSWORD) for a dry run")
    hub.add_argument("--identifier", required=True, metavar="|".join(IDENTIFIERS),
                     help="the Moodle user field that names participants (as mlalib grade --moodle-identifier)")
    hub.add_argument("--output", type=Path, default=None, help="build folder (default: the file's 'output')")
    hub.add_argument("--homes", type=Path, default=Path("/home"), help="where participants' homes are (default: /home)")
    hub.add_argument("--bind", default="http://127.0.0.1:8000/",
                     help="address the hub listens on (default: http://127.0.0.1:8000/)")
    hub.add_argument("--url", default=None,
                     help="address participants reach the hub at, e.g. https://hub.example.org/ behind a reverse "
                          "proxy that ends TLS (default: --bind)")
    hub.add_argument("--cull-after", type=int, default=3600,
                     help="seconds after which an idle server is stopped (default: 3600)")
    hub.add_argument("--lti13-platform", default=None, help="LTI 1.3: the e-Campus address (Moodle's Platform ID)")
    hub.add_argument("--lti13-client-id", default=None, help="LTI 1.3: the Client ID Moodle gave the tool")
    hub.add_argument("--python", default=None,
                     help="the participants' Python (mlalib, JupyterLab, JupyterHub installed; every user must be "
                          "able to run it; default: this Python)")
    hub.add_argument("--image", default=None, help="Kubernetes: the image name to build and push "
                                                   "(default: mlalib-<cohort id>)")

    collect = commands.add_parser(
        "collect", help="snapshot the participants' homes of a course hub for mlalib grade",
        description="Copy every participant's notebooks from their home (read-only, links never followed, "
        "notebooks being saved read again) into a new folder in the layout mlalib grade reads, renamed into "
        "place at the end, and write OUT.participants.csv for mlalib grade --moodle-participants.",
    )
    collect.add_argument("hub", type=Path, help="the hub folder written by mlalib hub")
    collect.add_argument("--out", "-o", type=Path, required=True, help="submissions folder to create (must not exist)")


def _hub(args: argparse.Namespace) -> int:
    from mlalib.course.cohort import load_cohort
    from mlalib.course.hub import check_choices, moodle_fields, readable_solutions, write_hub
    from mlalib.course.kubernetes import write_kubernetes
    from mlalib.course.masters import default_notebooks_dir
    from mlalib.i18n import text

    check_choices(args.auth, args.identifier)
    settings = write_hub(args.cohort, args.out, auth=args.auth, identifier=args.identifier, output=args.output,
                         homes=args.homes, bind=args.bind, url=args.url, cull_after=args.cull_after,
                         lti13_platform=args.lti13_platform, lti13_client_id=args.lti13_client_id,
                         python=args.python)
    kubernetes = write_kubernetes(args.out, image=args.image)
    lang = settings.language
    cohort = load_cohort(args.cohort)
    build = Path(args.output if args.output is not None else cohort.output) / cohort.id
    print(text("hub.written", lang, path=args.out))
    print(text("hub.start", lang, command=f"jupyterhub -f {args.out / 'jupyterhub_config.py'}"))
    if settings.auth != "rehearsal":
        print(text("hub.moodle_fields", lang))
    for name, value in moodle_fields(settings):
        print(f"  {text(name, lang)}: {text(value, lang) if value.startswith('hub.') else value}")
    print(text("hub.kubernetes", lang, path=kubernetes))
    if settings.auth == "rehearsal":
        print(text("hub.rehearsal_url", lang, url=settings.launch_url))
    try:
        keys = [default_notebooks_dir() / "keys"]  # the answer keys of a project checkout
    except MlalibError:
        keys = []  # an installed mlalib carries none
    for path in readable_solutions([build / "trainer", build / "trainer-html", *keys]):
        print(text("hub.readable_solutions", lang, path=path), file=sys.stderr)
    return 0


def _collect(args: argparse.Namespace) -> int:
    from mlalib.course.collect import collect, report
    from mlalib.course.hub import HubSettings

    snapshot = collect(args.hub, args.out)
    print("\n".join(report(snapshot, HubSettings.read(args.hub).language)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
