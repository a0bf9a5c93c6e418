// Parsing and printing of YYYY-MM dates and their day counts.
#include "sim/year_month.hpp"

#include <cstdio>

namespace sim {

std::string YearMonth::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

long YearMonth::days_since_epoch() const {
  // Howard Hinnant's days_from_civil, day 1 of the month.
  const int y = year - (month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>((month + 9) % 12);
  const unsigned doy = (153 * mp + 2) / 5;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    y = y * 10 + (text[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    m = m * 10 + (text[i] - '0');
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12) return std::nullopt;
  return YearMonth{y, m};
}

}  // namespace sim
