"""The ``mlalib`` command: build cohorts, list data, and (later) grade.

Errors that come from the user's input (a bad cohort file, an unknown data set) are
printed as plain lines and exit with code 2, without a traceback; a build in which a
notebook failed exits with code 1 after printing the summary.

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
        "list the bundled data.",
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
    print(f"\nParticipant editions: {root / 'participant'}\nTrainer editions:     {root / 'trainer'}\n"
          f"HTML (offline):       {root / 'html'}")
    if not report.ok:
        failed = sorted({s.notebook for s in report.steps if s.status == "failed"})
        print(f"\nmlalib: {len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
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
