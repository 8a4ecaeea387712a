"""The `lesson-utils` command line for teachers and maintainers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence


def validate(args: argparse.Namespace) -> int:
    """Check every data table and report every problem, not just the first."""
    from lesson_utils import data

    problems = data.validate_all()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found in {data.data_dir()}.", file=sys.stderr)
        return 1
    print(f"All tables in {data.data_dir()} are valid.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lesson-utils", description="Tools for the Paris summit lessons.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("validate", help="check every data table and quiz bank").set_defaults(run=validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
