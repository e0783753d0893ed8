"""Benchmarks. Each prints its result as one JSON object on its last line.

python bench/run.py csv --rows 100000 --db sqlite
python bench/run.py csv --rows 100000 --db postgres
python bench/run.py generate --learners 100000 --db sqlite
python bench/run.py generate --learners 100000 --db postgres
python bench/run.py list --certificates 1000000 --db sqlite
python bench/run.py list --certificates 1000000 --db postgres
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py")
    commands = parser.add_subparsers(dest="benchmark", required=True)
    csv = commands.add_parser("csv", help="upload N valid exception rows")
    csv.add_argument("--rows", type=int, required=True)
    csv.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    generate = commands.add_parser(
        "generate", help="a generation job for N actively enrolled, passing learners"
    )
    generate.add_argument("--learners", type=int, required=True)
    generate.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    issued = commands.add_parser(
        "list", help="page + count of the issued list over N certificates in 10 courses"
    )
    issued.add_argument("--certificates", type=int, default=1_000_000)
    issued.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args(argv)
    if args.benchmark == "csv":
        from bench.csv_upload import run

        run(rows=args.rows, db=args.db)
    elif args.benchmark == "generate":
        from bench.generate import run

        run(learners=args.learners, db=args.db)
    elif args.benchmark == "list":
        from bench.issued_list import run

        run(certificates=args.certificates, db=args.db)


if __name__ == "__main__":
    main()
