#!/usr/bin/python3
"""Writes data/countries_used.csv: the model's countries under MODEL.md section 2's selection rule.

Run with the Debian interpreter: /usr/bin/python3 scripts/make_countries_used.py
The rule: economies present in both aipi_2023.csv and countries_wb.csv with a non-empty
wb_income_group, population_2023, gdp_per_capita_current_usd_latest and internet_users_pct, and
n_pillars_available >= 3. The C++ loader (models/country_data.cpp) applies the same rule itself;
a test checks that both agree, so edit the two together.
"""

import csv
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OUTPUT = DATA_DIR / "countries_used.csv"

INCOME_GROUPS = {
    "Low income": "low",
    "Lower middle income": "lower_middle",
    "Upper middle income": "upper_middle",
    "High income": "high",
}
REQUIRED_WB_FIELDS = (
    "wb_income_group",
    "population_2023",
    "gdp_per_capita_current_usd_latest",
    "internet_users_pct",
)
MIN_PILLARS = 3


def read_rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, strict=True))


def main():
    aipi = {row["iso3"]: row for row in read_rows("aipi_2023.csv")}
    selected = []
    for row in read_rows("countries_wb.csv"):
        iso3 = row["iso3"]
        if iso3 not in aipi:
            continue
        if any(row[field] == "" for field in REQUIRED_WB_FIELDS):
            continue
        if int(aipi[iso3]["n_pillars_available"]) < MIN_PILLARS:
            continue
        group = INCOME_GROUPS.get(row["wb_income_group"])
        if group is None:
            sys.exit(f"countries_wb.csv: {iso3}: unknown wb_income_group {row['wb_income_group']!r}")
        selected.append((iso3, row["name"], row["wb_region"], group))
    selected.sort()

    with open(OUTPUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["iso3", "name", "wb_region", "income_group"])
        writer.writerows(selected)

    counts = {g: sum(1 for s in selected if s[3] == g) for g in INCOME_GROUPS.values()}
    excluded = sorted(set(aipi) - {s[0] for s in selected})
    print(f"{OUTPUT.name}: {len(selected)} economies "
          + ", ".join(f"{n} {g}" for g, n in reversed(counts.items()))
          + f"; AIPI economies left out: {' '.join(excluded)}")


if __name__ == "__main__":
    main()
