// Calendar months (YYYY-MM), the model's unit of dates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct YearMonth {
  int year = 2023;
  int month = 1;  // 1..12

  // Months since 0000-01, for differences and ordering.
  int index() const { return year * 12 + (month - 1); }
  static YearMonth from_index(int i) { return {i / 12, i % 12 + 1}; }
  YearMonth plus_months(int n) const { return from_index(index() + n); }
  // Fractional year of the first day of the month, e.g. 2023-07 -> 2023.5.
  double decimal_year() const { return year + (month - 1) / 12.0; }
  std::string str() const;
  // Days from 1970-01-01 (proleptic Gregorian) to the first day of the month.
  long days_since_epoch() const;

  friend bool operator==(const YearMonth&, const YearMonth&) = default;
  friend auto operator<=>(const YearMonth& a, const YearMonth& b) {
    return a.index() <=> b.index();
  }
};

// Parses exactly `YYYY-MM` with 1900 <= YYYY <= 2200 and 01 <= MM <= 12.
std::optional<YearMonth> parse_year_month(std::string_view text);

}  // namespace sim
