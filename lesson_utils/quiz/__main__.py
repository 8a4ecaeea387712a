"""`python -m lesson_utils.quiz schema [--check]` writes (or checks) data/quizzes/bank.schema.json and
handin.schema.json; `python -m lesson_utils.quiz validate` loads every bank and reports the first
problem in each."""

from __future__ import annotations

import argparse
import json
import sys

from lesson_utils.quiz import handin
from lesson_utils.quiz.bank import SCHEMA_FILE, QuizError, json_schema, load_bank, quizzes_dir

SCHEMAS = {SCHEMA_FILE: json_schema, handin.SCHEMA_FILE: handin.json_schema}
"""Published file name → the function that makes its JSON Schema."""


def schema_text(name: str = SCHEMA_FILE) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesson_utils.quiz", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    schema = commands.add_parser("schema", help=f"write {' and '.join(SCHEMAS)} beside the banks")
    schema.add_argument("--check", action="store_true", help="fail if the published schema is out of date")
    commands.add_parser("validate", help="load every bank in data/quizzes/")
    args = parser.parse_args(argv)

    if args.command == "schema":
        stale = 0
        for name in SCHEMAS:
            path = quizzes_dir() / name
            if args.check:
                if (path.read_text(encoding="utf-8") if path.exists() else "") != schema_text(name):
                    print(f"{path} is out of date: run python -m lesson_utils.quiz schema", file=sys.stderr)
                    stale += 1
                continue
            path.write_text(schema_text(name), encoding="utf-8")
            print(f"wrote {path}")
        return 1 if stale else 0

    failures = 0
    for path in sorted(quizzes_dir().glob("*.yaml")):
        try:
            bank = load_bank(path)
        except QuizError as error:
            failures += 1
            print(f"FAIL {error}", file=sys.stderr)
        else:
            print(f"ok   {path.name}: {len(bank.questions)} questions, {bank.max_points} points")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
