// SF1-SF12: each pattern defined once, with its computation from the output variables.
#include "models/facts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace models {

namespace {

using sim::YearMonth;

constexpr int kSmallIndex = 1, kLargeIndex = 3;  // size_class order: micro, small, medium, large
constexpr double kInf = std::numeric_limits<double>::infinity();

YearMonth ym(int year, int month = 1) { return {year, month}; }

bool in_group(const RunData& r, int c, const std::vector<std::string>& groups) {
  return std::find(groups.begin(), groups.end(), r.income_group()[c]) != groups.end();
}

const std::vector<std::string> kHigh = {"high"};

// Firm shares of a group weight firms by `firm_count` (MODEL.md section 1).
double group_firm_share(const RunData& r, const std::string& var, int t, int size,
                        const std::vector<std::string>& groups) {
  double num = 0, den = 0;
  for (int c = 0; c < r.countries(); ++c) {
    if (!in_group(r, c, groups)) continue;
    const double w = r.value("firm_count", t, c, size);
    num += w * r.value(var, t, c, size);
    den += w;
  }
  return num / den;
}

// Worker shares and country means of a group weight countries by `labour_force`.
double group_mean(const RunData& r, const std::string& var, int t,
                  const std::vector<std::string>& groups) {
  double num = 0, den = 0;
  for (int c = 0; c < r.countries(); ++c) {
    if (!in_group(r, c, groups)) continue;
    const double w = r.value("labour_force", t, c);
    num += w * r.value(var, t, c);
    den += w;
  }
  return num / den;
}

// Exposed occupations (complementary and substitutable) over employment, 2023-01.
double exposed_share(const RunData& r, const std::vector<std::string>& groups) {
  const int t = r.record(ym(2023));
  double exposed = 0, total = 0;
  for (int c = 0; c < r.countries(); ++c) {
    if (!in_group(r, c, groups)) continue;
    for (int o = 0; o < 4; ++o) {
      const double e = r.value("employment", t, c, o);
      total += e;
      if (o < 2) exposed += e;
    }
  }
  return exposed / total;
}

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = (i + j) / 2.0 + 1.0;  // ties: mean
    i = j + 1;
  }
  return rank;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / n;
  const double mb = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

std::vector<Fact> build_facts() {
  std::vector<Fact> f;
  f.push_back({"SF1",
               FactClass::kInput,
               "frontier cost and compute grow",
               {{"year frontier_cost_usd first exceeds 1e9", "2025-2027", 2025.0, 2027.999,
                 [](const RunData& r) {
                   for (int t = 0; t < r.records(); ++t) {
                     if (r.value("frontier_cost_usd", t) > 1e9) return 2023.0 + t / 12.0;
                   }
                   return kInf;
                 }}}});
  f.push_back(
      {"SF2",
       FactClass::kInput,
       "open models trail by months",
       {{"open_lag_months, smallest over all records", "3-12", 3.0, 12.0,
         [](const RunData& r) {
           double lo = kInf;
           for (int t = 0; t < r.records(); ++t) lo = std::min(lo, r.value("open_lag_months", t));
           return lo;
         }},
        {"open_lag_months, largest over all records", "3-12", 3.0, 12.0, [](const RunData& r) {
           double hi = -kInf;
           for (int t = 0; t < r.records(); ++t) hi = std::max(hi, r.value("open_lag_months", t));
           return hi;
         }}}});
  f.push_back({"SF3",
               FactClass::kTarget,
               "investment concentrates (AI Index 2024)",
               {{"investment_share USA, 2024", "0.72 +- 0.05", 0.67, 0.77,
                 [](const RunData& r) {
                   return r.value("investment_share", r.record(ym(2024)), r.country("USA"));
                 }},
                {"investment_share USA / CHN, 2024", "12 (9-15)", 9.0, 15.0,
                 [](const RunData& r) {
                   const int t = r.record(ym(2024));
                   return r.value("investment_share", t, r.country("USA")) /
                          r.value("investment_share", t, r.country("CHN"));
                 }},
                {"africa_investment_share, 2024", "< 0.01 (CSET 2023: 0.0014)", 0.0, 0.01,
                 [](const RunData& r) {
                   return r.value("africa_investment_share", r.record(ym(2024)));
                 }}}});
  f.push_back(
      {"SF4",
       FactClass::kTarget,
       "compute concentrates (TOP500 2025-06: 48.4%)",
       {{"compute_share USA, 2025-06", "0.48 (0.40-0.55)", 0.40, 0.55, [](const RunData& r) {
           return r.value("compute_share", r.record(ym(2025, 6)), r.country("USA"));
         }}}});
  f.push_back(
      {"SF5",
       FactClass::kTarget,
       "adoption fast but shallow",
       {{"HIC large firm_adoption_share, gain per year 2023-2025 (points)", "8-14", 8.0, 14.0,
         [](const RunData& r) {
           return 100.0 *
                  (group_firm_share(r, "firm_adoption_share", r.record(ym(2025)), kLargeIndex,
                                    kHigh) -
                   group_firm_share(r, "firm_adoption_share", r.record(ym(2023)), kLargeIndex,
                                    kHigh)) /
                  2.0;
         }},
        {"HIC production among adopters, all sizes, 2025", "< 0.10", 0.0, 0.10,
         [](const RunData& r) {
           const int t = r.record(ym(2025));
           double production = 0, adopters = 0;
           for (int s = 0; s < 4; ++s) {
             for (int c = 0; c < r.countries(); ++c) {
               if (!in_group(r, c, kHigh)) continue;
               const double w = r.value("firm_count", t, c, s);
               production += w * r.value("firm_production_share", t, c, s);
               adopters += w * r.value("firm_adoption_share", t, c, s);
             }
           }
           return production / adopters;
         }},
        {"HIC pilot_promotions / pilot_entries, 2023-2025", "0.05 (0.03-0.10)", 0.03, 0.10,
         [](const RunData& r) {
           double promotions = 0, entries = 0;
           for (int t : r.records_between(ym(2023), ym(2025))) {
             for (int c = 0; c < r.countries(); ++c) {
               if (!in_group(r, c, kHigh)) continue;
               for (int s = 0; s < 4; ++s) {
                 promotions += r.value("pilot_promotions", t, c, s);
                 entries += r.value("pilot_entries", t, c, s);
               }
             }
           }
           return promotions / entries;
         }}}});
  f.push_back(
      {"SF6",
       FactClass::kTarget,
       "firm-size gap widens (OECD, HIC)",
       {{"HIC large firm_adoption_share, 2025", "0.52 +- 0.06", 0.46, 0.58,
         [](const RunData& r) {
           return group_firm_share(r, "firm_adoption_share", r.record(ym(2025)), kLargeIndex,
                                   kHigh);
         }},
        {"HIC small firm_adoption_share, 2025", "0.17 +- 0.04", 0.13, 0.21,
         [](const RunData& r) {
           return group_firm_share(r, "firm_adoption_share", r.record(ym(2025)), kSmallIndex,
                                   kHigh);
         }},
        {"HIC large - small adoption gap, 2023 (points)", "23 +- 5", 18.0, 28.0,
         [](const RunData& r) {
           const int t = r.record(ym(2023));
           return 100.0 * (group_firm_share(r, "firm_adoption_share", t, kLargeIndex, kHigh) -
                           group_firm_share(r, "firm_adoption_share", t, kSmallIndex, kHigh));
         }},
        {"HIC large - small adoption gap, 2025 (points)", "35 +- 5", 30.0, 40.0,
         [](const RunData& r) {
           const int t = r.record(ym(2025));
           return 100.0 * (group_firm_share(r, "firm_adoption_share", t, kLargeIndex, kHigh) -
                           group_firm_share(r, "firm_adoption_share", t, kSmallIndex, kHigh));
         }}}});
  f.push_back({"SF7",
               FactClass::kInput,
               "exposure rises with income (IMF)",
               {{"exposed share of employment, high income, 2023", "0.60 +- 0.03", 0.57, 0.63,
                 [](const RunData& r) { return exposed_share(r, {"high"}); }},
                {"exposed share of employment, middle income, 2023", "0.40 +- 0.03", 0.37, 0.43,
                 [](const RunData& r) {
                   return exposed_share(r, {"upper_middle", "lower_middle"});
                 }},
                {"exposed share of employment, low income, 2023", "0.26 +- 0.03", 0.23, 0.29,
                 [](const RunData& r) { return exposed_share(r, {"low"}); }}}});
  f.push_back({"SF8",
               FactClass::kValidation,
               "micro large, macro small",
               {{"HIC production_firm_gain, 2030", ">= 0.05", 0.05, kInf,
                 [](const RunData& r) {
                   return group_mean(r, "production_firm_gain", r.record(ym(2030)), kHigh);
                 }},
                {"world_ai_tfp_gain, 2033", "< 0.01", -kInf, 0.01, [](const RunData& r) {
                   return r.value("world_ai_tfp_gain", r.record(ym(2033)));
                 }}}});
  f.push_back({"SF9",
               FactClass::kTarget,
               "AI-skill wage premium large",
               {{"HIC ai_skill_premium, mean of 2024-01 to 2025-01", "0.25-0.56", 0.25, 0.56,
                 [](const RunData& r) {
                   const std::vector<int> ts = r.records_between(ym(2024), ym(2025));
                   double sum = 0;
                   for (int t : ts) sum += group_mean(r, "ai_skill_premium", t, kHigh);
                   return sum / static_cast<double>(ts.size());
                 }}}});
  f.push_back(
      {"SF10",
       FactClass::kTarget,
       "world AI use",
       {{"world_ai_user_share, 2025-06", "0.15 +- 0.03", 0.12, 0.18,
         [](const RunData& r) { return r.value("world_ai_user_share", r.record(ym(2025, 6))); }},
        {"ai_user_share USA, 2024-11", "0.39 +- 0.06", 0.33, 0.45, [](const RunData& r) {
           return r.value("ai_user_share", r.record(ym(2024, 11)), r.country("USA"));
         }}}});
  f.push_back({"SF11",
               FactClass::kValidation,
               "use follows readiness",
               {{"Spearman(readiness, ai_user_share) across countries, 2025", ">= 0.6", 0.6, 1.0,
                 [](const RunData& r) {
                   const int t = r.record(ym(2025));
                   std::vector<double> readiness, use;
                   for (int c = 0; c < r.countries(); ++c) {
                     readiness.push_back(r.value("readiness", t, c));
                     use.push_back(r.value("ai_user_share", t, c));
                   }
                   return spearman(readiness, use);
                 }}}});
  f.push_back(
      {"SF12",
       FactClass::kValidation,
       "AI gains larger in rich economies (IMF)",
       {{"ai_tfp_gain high / low income means, 2030", ">= 2", 2.0, kInf, [](const RunData& r) {
           const int t = r.record(ym(2030));
           return r.value("group_ai_tfp_gain", t, 3) / r.value("group_ai_tfp_gain", t, 0);
         }}}});
  return f;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 100 || v == std::floor(v) ? "%.6g" : "%.4g", v);
  return buf;
}

}  // namespace

const char* fact_class_name(FactClass c) {
  switch (c) {
    case FactClass::kInput:
      return "input";
    case FactClass::kTarget:
      return "target";
    case FactClass::kValidation:
      return "validation";
  }
  return "";
}

const std::vector<Fact>& stylised_facts() {
  static const std::vector<Fact> facts = build_facts();
  return facts;
}

double part_loss(const FactPart& part, double mean) {
  if (!std::isfinite(mean)) return 1e6;
  const bool bound = part.target.rfind('<', 0) == 0 || part.target.rfind(">=", 0) == 0;
  if (bound) {
    const double edge = mean < part.lo ? part.lo : (mean > part.hi ? part.hi : mean);
    const double scale = std::isfinite(part.hi - part.lo) ? part.hi - part.lo : std::fabs(edge);
    const double d = (mean - edge) / std::max(scale, 1e-12);
    return d * d;
  }
  const double d = (mean - 0.5 * (part.lo + part.hi)) / (0.5 * (part.hi - part.lo));
  return d * d;
}

std::vector<FactResult> evaluate_facts(const std::vector<const RunData*>& runs) {
  std::vector<FactResult> results;
  for (const Fact& fact : stylised_facts()) {
    FactResult fr{&fact, {}, true};
    for (const FactPart& part : fact.parts) {
      std::vector<double> v;
      v.reserve(runs.size());
      for (const RunData* run : runs) v.push_back(part.compute(*run));
      PartResult pr;
      const double n = static_cast<double>(v.size());
      pr.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
      double ss = 0;
      for (double x : v) ss += (x - pr.mean) * (x - pr.mean);
      pr.sd = v.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
      pr.min = *std::min_element(v.begin(), v.end());
      pr.max = *std::max_element(v.begin(), v.end());
      pr.pass = pr.mean >= part.lo && pr.mean <= part.hi;
      fr.pass = fr.pass && pr.pass;
      fr.parts.push_back(pr);
    }
    results.push_back(std::move(fr));
  }
  return results;
}

std::string facts_report(const std::vector<FactResult>& results, int replicates, bool markdown) {
  std::string out;
  int passed = 0;
  for (const FactClass cls : {FactClass::kInput, FactClass::kTarget, FactClass::kValidation}) {
    out += markdown ? std::string("\n### ") + fact_class_name(cls) + "\n\n" +
                          "| id | pattern | quantity | simulated mean | sd | min-max | target | "
                          "result |\n|---|---|---|---|---|---|---|---|\n"
                    : std::string("\n") + fact_class_name(cls) + "\n";
    for (const FactResult& r : results) {
      if (r.fact->cls != cls) continue;
      passed += r.pass;
      for (std::size_t i = 0; i < r.parts.size(); ++i) {
        const FactPart& part = r.fact->parts[i];
        const PartResult& p = r.parts[i];
        const std::string verdict = p.pass ? "pass" : "FAIL";
        if (markdown) {
          out += "| " + (i == 0 ? r.fact->id : std::string()) + " | " +
                 (i == 0 ? r.fact->pattern : std::string()) + " | " + part.what + " | " +
                 number(p.mean) + " | " + number(p.sd) + " | " + number(p.min) + "-" +
                 number(p.max) + " | " + part.target + " | " + verdict + " |\n";
        } else {
          char line[256];
          std::snprintf(line, sizeof line, "  %-5s %-4s %-62s %10s  (sd %s)  target %s\n",
                        i == 0 ? r.fact->id.c_str() : "", verdict.c_str(), part.what.c_str(),
                        number(p.mean).c_str(), number(p.sd).c_str(), part.target.c_str());
          out += line;
        }
      }
    }
  }
  out += "\n" + std::to_string(passed) + " of " + std::to_string(results.size()) +
         " patterns pass over " + std::to_string(replicates) +
         (replicates == 1 ? " run" : " runs") + ".\n";
  return out;
}

}  // namespace models
