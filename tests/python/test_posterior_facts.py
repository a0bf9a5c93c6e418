"""analysis.posterior_facts: the facts tables of several posterior draws, parsed and summarised
per part (median, 5-95% range, share passing) and per pattern (share of draws passing)."""

from __future__ import annotations

import pytest

from analysis import posterior_facts

HEADER = ("| id | pattern | quantity | class | simulated mean | sd | min-max | target | result |\n"
          "|---|---|---|---|---|---|---|---|---|\n")


def table(first: float, second: float, month: str = "2026-01") -> str:
    result = "pass" if 2 <= first <= 5 else "FAIL"
    return ("### input\n\n" + HEADER +
            f"| SF1 | cost grows | month cost first exceeds 1e9 | input | {month} | 0 | "
            f"{month} to {month} | 2025-2027 | pass |\n\n### target\n\n" + HEADER +
            f"| SF12 | gains larger in rich economies | ratio, 2030 | target | {first} | 0 | "
            f"{first} to {first} | 2-5 | {result} |\n"
            f"|  |  | second part | target | {second} | 0 | {second} to {second} | >= 0 | pass |\n"
            "\n4 of 19 patterns pass over 1 run.\n")


def test_parse_fills_the_pattern_id_of_continuation_rows():
    t = posterior_facts.parse_facts_markdown(table(3.0, 1.0))
    assert list(t["id"]) == ["SF1", "SF12", "SF12"]
    assert list(t["value"]) == ["2026-01", "3.0", "1.0"]
    assert list(t["result"]) == ["pass", "pass", "pass"]


def test_summary_over_draws():
    tables = [posterior_facts.parse_facts_markdown(table(v, 1.0 + i))
              for i, v in enumerate([1.0, 3.0, 4.0, 6.0])]
    parts, patterns = posterior_facts.summarise(tables)
    ratio = parts[parts["quantity"] == "ratio, 2030"].iloc[0]
    assert ratio["median"] == pytest.approx(3.5)
    assert ratio["lo90"] == pytest.approx(1.3)  # numpy's linear quantile of 1, 3, 4, 6
    assert ratio["hi90"] == pytest.approx(5.7)
    assert ratio["pass_share"] == pytest.approx(0.5)
    month = parts[parts["id"] == "SF1"].iloc[0]
    assert month["median"] == "2026-01"
    shares = dict(zip(patterns["id"], patterns["pass_share"]))
    assert shares == {"SF1": 1.0, "SF12": 0.5}
    text = posterior_facts.markdown(parts, patterns)
    assert "| SF12 | ratio, 2030 | target | 3.5 | 1.3 to 5.7 | 2-5 | 50% |" in text
    assert "| SF12 | 50% |" in text


def test_no_tables_is_an_error():
    with pytest.raises(ValueError):
        posterior_facts.summarise([])
