"""The ``mlalib`` command: build a cohort's notebooks, grade its submissions, list the data.

Errors that come from the user's input (a bad cohort file, an unknown data set) are
printed as plain lines and exit with code 2, without a traceback; a build in which a
notebook failed exits with code 1 after printing the summary. Grading exits with 0 even
when submissions could not be graded: each of them has a row that says why.

Example
-------
>>> main(["--version"])  # doctest: +SKIP
mlalib 0.1.0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mlalib import __version__
from mlalib.errors import MlalibError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlalib",
        description="Analytical companion of the ITC-ILO labour-migration courses: build a cohort's notebooks, "
        "grade the submitted notebooks, list the bundled data.",
    )
    parser.add_argument("--version", action="version", version=f"mlalib {__version__}")
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

    grade = commands.add_parser(
        "grade", help="grade submitted notebooks and write the gradebook",
        description="Execute every submitted notebook in an isolated copy with the cohort's parameters, score "
        "each exercise against the key and write gradebook.csv, participants.csv, exercises.csv, summary.html and "
        "one feedback page per participant. Folder rule: SUBMISSIONS/<participant>/<notebook>.ipynb; when a "
        "participant submitted several files for one notebook, the one modified last counts.",
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
    grade.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    data = commands.add_parser("data", help="the bundled data sets")
    data_commands = data.add_subparsers(dest="data_command", metavar="SUBCOMMAND", required=True)
    data_commands.add_parser("list", help="print the registry of bundled data sets")
    data_commands.add_parser("verify", help="check every bundled file's checksum and schema")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "grade":
            return _grade(args)
        return _data(args)
    except MlalibError as err:
        print(f"mlalib: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mlalib: interrupted; files already written are complete, the rest were not written", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from mlalib.course.build import build_cohort, default_notebooks_dir, master_notebooks
    from mlalib.course.cohort import load_cohort

    folder = args.notebooks_dir or default_notebooks_dir()
    if args.check:
        cohort = load_cohort(args.cohort, available_notebooks=list(master_notebooks(folder)))
        print(f"{args.cohort}: valid cohort '{cohort.id}' ({cohort.language}, {', '.join(cohort.focus_countries)})")
        return 0
    if args.jobs is not None and args.jobs < 1:
        print("mlalib: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    report = build_cohort(
        args.cohort, notebooks_dir=folder, output=args.output, jobs=args.jobs,
        progress=not args.quiet, timeout=args.timeout,
    )
    print(report.table())
    root = report.root
    print(f"\nFor participants: {root / 'participant'} (notebooks), {root / 'participant-html'} (HTML)\n"
          f"For trainers only: {root / 'trainer'} (notebooks with solutions), {root / 'trainer-html'} (HTML)")
    if not report.ok:
        failed = sorted({s.notebook for s in report.steps if s.status == "failed"})
        print(f"\nmlalib: {len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _grade(args: argparse.Namespace) -> int:
    from mlalib.course.gradebook import isolation_note
    from mlalib.course.grading import GradingOptions, grade_cohort

    if args.jobs is not None and args.jobs < 1:
        print("mlalib: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    options = GradingOptions(cell_timeout=args.cell_timeout, notebook_timeout=args.timeout,
                             close_credit=args.close_credit, memory_limit_mb=args.memory_limit,
                             output_limit_mb=args.output_limit, isolation=args.isolation)
    report = grade_cohort(
        args.cohort, args.submissions, args.out, participation=args.participation, programme=args.programme,
        notebooks_dir=args.notebooks_dir, jobs=args.jobs, progress=not args.quiet, options=options,
    )
    print(report.participants.to_string(index=False))
    problems = report.rows[report.rows["exercise"] == ""]
    if len(problems):
        print(f"\n{len(problems)} note(s) on files (see summary.html):")
        for row in problems.itertuples():
            print(f"  {row.file}: {row.feedback}")
    print(f"\nGradebook: {args.out / 'gradebook.csv'}\nSummary:   {args.out / 'summary.html'}\n"
          f"Feedback:  {args.out / 'feedback'}")
    print(f"\n{isolation_note(report)}", file=sys.stdout if report.isolation.available else sys.stderr)
    return 0


def _data(args: argparse.Namespace) -> int:
    from mlalib.data import list_datasets, load, registry

    if args.data_command == "list":
        table = list_datasets()
        print(table.to_string(index=False) if len(table) else "no data sets registered")
        return 0
    for name in sorted(registry()):
        frame = load(name)
        print(f"{name}: ok ({len(frame)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
