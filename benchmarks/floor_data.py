"""Write what the floor server needs from the regime modules (titles, stages, publishable
types, the site address) as JSON, so that the floor itself imports no Django.

    python -m benchmarks.floor_data --out benchmarks/.run/floor-data.json
"""

import argparse
import json
import os

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
    django.setup()
    from django.conf import settings

    from registry.regimes import FILING_TYPES
    from registry.selectors import PUBLISHABLE_TYPES

    publishable = list(PUBLISHABLE_TYPES)
    data = {
        "filing_types": {
            code: {"title": t.title, "stages": list(t.stages)} for code, t in FILING_TYPES.items()
        },
        "publishable": publishable,
        "site_url": settings.SITE_URL,
    }
    with open(args.out, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
