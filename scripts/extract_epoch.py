#!/usr/bin/env python3
"""Write the committed Epoch AI extract (data/epoch/models-extract.csv) from the full file.

    python scripts/extract_epoch.py path/to/epoch_all_ml_systems.csv

Keeps only the columns `registry/importing.py` reads, and the rows the demo and the tests
need, in the file's own order: every model above 10^23 FLOP (the EU, US and California
thresholds and the biology rule), the models `seed_demo` adds by name, both rows of the
name the file repeats, and the first rows without a compute figure. Epoch AI, "All ML
Systems", CC BY 4.0 (see data/README.md).
"""

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "epoch" / "models-extract.csv"
COLUMNS = (
    "Model",
    "Domain",
    "Parameters",
    "Training dataset size (datapoints)",
    "Training compute (FLOP)",
    "Training compute estimation method",
    "Training time (hours)",
    "Model accessibility",
    "Link",
)
ABOVE_FLOP = 1e23
BY_NAME = ("ESM3 (98B)", "ESM3-open-small", "Mistral NeMo", "Mistral Small 3", "P-LLama3")
WITHOUT_COMPUTE = 40


def compute(row: dict) -> float | None:
    try:
        return float(row["Training compute (FLOP)"])
    except ValueError:
        return None


def main(source: str) -> None:
    with open(source, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    kept, without = [], 0
    for row in rows:
        flop = compute(row)
        keep = (flop is not None and flop > ABOVE_FLOP) or row["Model"] in BY_NAME
        if flop is None and without < WITHOUT_COMPUTE:
            keep, without = True, without + 1
        if keep:
            kept.append({column: row[column] for column in COLUMNS})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    print(f"{len(kept)} of {len(rows)} rows written to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
