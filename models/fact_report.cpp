// The facts report: grouped by the pattern's class, one line per part with its own class, and a
// summary that keeps input checks out of the evidence.
#include <cmath>
#include <cstdio>

#include "models/facts.hpp"
#include "sim/year_month.hpp"

namespace models {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 100 || v == std::floor(v) ? "%.6g" : "%.4g", v);
  return buf;
}

struct Tally {
  int passed = 0, total = 0;
  void add(bool pass) { passed += pass, ++total; }
  std::string str() const { return std::to_string(passed) + " of " + std::to_string(total); }
};

constexpr FactClass kOrder[] = {FactClass::kInput, FactClass::kInputCheck, FactClass::kTarget,
                                FactClass::kValidation};

std::string markdown_header(FactClass cls) {
  return std::string("\n### ") + fact_class_name(cls) +
         "\n\n| id | pattern | quantity | class | simulated mean | sd | min-max | target | result "
         "|\n|---|---|---|---|---|---|---|---|---|\n";
}

std::string markdown_line(const FactResult& r, std::size_t i) {
  const FactPart& part = r.fact->parts[i];
  const PartResult& p = r.parts[i];
  return "| " + (i == 0 ? r.fact->id : std::string()) + " | " +
         (i == 0 ? r.fact->pattern : std::string()) + " | " + part.what + " | " +
         fact_class_name(part.cls) + " | " + format_fact_value(p.mean, part.format) + " | " +
         number(p.sd) + " | " + format_fact_value(p.min, part.format) + " to " +
         format_fact_value(p.max, part.format) + " | " + part.target + " | " +
         (p.pass ? "pass" : "FAIL") + " |\n";
}

std::string text_line(const FactResult& r, std::size_t i) {
  const FactPart& part = r.fact->parts[i];
  const PartResult& p = r.parts[i];
  const std::string cls =
      part.cls == r.fact->cls ? "" : std::string(" [") + fact_class_name(part.cls) + "]";
  char line[512];
  std::snprintf(line, sizeof line, "  %-5s %-4s %-62s %10s  (sd %s)  target %s%s\n",
                i == 0 ? r.fact->id.c_str() : "", p.pass ? "pass" : "FAIL", part.what.c_str(),
                format_fact_value(p.mean, part.format).c_str(), number(p.sd).c_str(),
                part.target.c_str(), cls.c_str());
  return line;
}

}  // namespace

std::string format_fact_value(double v, ValueFormat format) {
  if (format == ValueFormat::kMonth && std::isfinite(v)) {
    // Decimal years of first days of months: round to the month.
    const int index = static_cast<int>(std::lround(v * 12.0));
    return sim::YearMonth::from_index(index).str();
  }
  if (format == ValueFormat::kMonth) return "never";
  return number(v);
}

std::string facts_report(const std::vector<FactResult>& results, int replicates, bool markdown) {
  std::string out;
  int patterns_passed = 0;
  Tally targets, validation, checks;
  for (const FactClass cls : kOrder) {
    bool any = false;
    for (const FactResult& r : results) any = any || r.fact->cls == cls;
    if (!any) continue;
    out += markdown ? markdown_header(cls) : std::string("\n") + fact_class_name(cls) + "\n";
    for (const FactResult& r : results) {
      if (r.fact->cls != cls) continue;
      patterns_passed += r.pass;
      for (std::size_t i = 0; i < r.parts.size(); ++i) {
        out += markdown ? markdown_line(r, i) : text_line(r, i);
        const FactClass part_cls = r.fact->parts[i].cls;
        const bool pass = r.parts[i].pass;
        if (part_cls == FactClass::kTarget)
          targets.add(pass);
        else if (part_cls == FactClass::kValidation)
          validation.add(pass);
        else
          checks.add(pass);
      }
    }
  }
  out += "\n" + std::to_string(patterns_passed) + " of " + std::to_string(results.size()) +
         " patterns pass over " + std::to_string(replicates) +
         (replicates == 1 ? " run" : " runs") + ".\n";
  out += "Evidence: " + targets.str() + " target parts and " + validation.str() +
         " validation parts pass; input and input-check parts (never counted as evidence): " +
         checks.str() + " pass.\n";
  return out;
}

}  // namespace models
