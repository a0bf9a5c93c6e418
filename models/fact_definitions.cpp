// SF1-SF19 of MODEL.md section 1 (v2): one function per pattern, each giving its parts (variable,
// date, target, tolerance, class) and their computation from the output variables. Targets that
// MODEL.md takes from data are read from the observed data, over the run's countries.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/fact_measures.hpp"
#include "models/facts.hpp"

namespace models {

namespace {

using facts::ym;
using sim::YearMonth;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr FactClass kInput = FactClass::kInput, kTarget = FactClass::kTarget,
                    kValidation = FactClass::kValidation, kInputCheck = FactClass::kInputCheck;
constexpr Tolerance kRange = Tolerance::kRange, kBound = Tolerance::kBound;

const std::vector<std::string> kTime = {"time"};
const std::vector<std::string> kCountryDims = {"time", "country"};
// Firm size classes of 10 or more employees (Eurostat's and OECD's enterprise surveys).
const std::vector<std::string> kTenPlus = {"small", "medium", "large"};

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A band of +-tol around a value read from data, written as MODEL.md writes it.
std::string around(double centre, double tol, int decimals) {
  return fixed(centre, decimals) + " +- " + fixed(tol, decimals);
}

double global(const RunData& r, const std::string& name, int t) {
  return r.variable(name, kTime).values.at(static_cast<std::size_t>(t));
}

double country_value(const RunData& r, const std::string& name, int t, int c) {
  return r.variable(name, kCountryDims)
      .values.at(static_cast<std::size_t>(t) * static_cast<std::size_t>(r.countries()) +
                 static_cast<std::size_t>(c));
}

// The keys of a map of iso3 codes that are among `countries`, in the map's order.
std::vector<std::string> among(const std::map<std::string, double>& data,
                               const std::vector<std::string>& countries) {
  std::vector<std::string> out;
  for (const auto& [iso3, value] : data) {
    if (std::find(countries.begin(), countries.end(), iso3) != countries.end()) out.push_back(iso3);
  }
  return out;
}

std::vector<double> data_values(const std::map<std::string, double>& data,
                                const std::vector<std::string>& iso3) {
  std::vector<double> out;
  out.reserve(iso3.size());
  for (const std::string& code : iso3) out.push_back(data.at(code));
  return out;
}

// ---- SF1: frontier cost passes 1e9 USD ----------------------------------------------------

Fact sf1() {
  return {
      "SF1",
      kInput,
      "frontier cost and compute grow",
      {{"month frontier_cost_usd first exceeds 1e9", "2025-2027", 2025.0, 2027.999, kInput, kRange,
        [](const RunData& r) {
          for (int t = 0; t < r.records(); ++t) {
            if (global(r, "frontier_cost_usd", t) > 1e9) return r.month(t).decimal_year();
          }
          return kInf;
        },
        ValueFormat::kMonth}}};
}

// ---- SF2: the open lag (world: the smallest over the originating blocs, M5) ---------------

double world_open_lag(const RunData& r, int t) {
  const sim::H5Array& a = r.variable("open_lag_months_by_bloc", {"time", "bloc"});
  const std::size_t blocs = a.shape[1];
  double lag = kInf;
  for (std::size_t b = 0; b < blocs; ++b) {
    lag = std::min(lag, a.values.at(static_cast<std::size_t>(t) * blocs + b));
  }
  return lag;
}

Fact sf2() {
  return {
      "SF2",
      kTarget,
      "open models trail by months, closest near DeepSeek-R1",
      {{"open_lag_months (world), mean 2023-01..2025-10", "2-5 (ECI: 3)", 2.0, 5.0, kTarget, kRange,
        [](const RunData& r) {
          return facts::mean_over(r, ym(2023), ym(2025, 10),
                                  [&](int t) { return world_open_lag(r, t); });
        }},
       {"open_lag_months (world), mean 2026-01..2026-05", "3-8 (ECI: 4)", 3.0, 8.0, kTarget, kRange,
        [](const RunData& r) {
          return facts::mean_over(r, ym(2026), ym(2026, 5),
                                  [&](int t) { return world_open_lag(r, t); });
        }},
       {"month of the smallest open lag, 2023-01..2026-12", "2024-07..2025-07",
        ym(2024, 7).decimal_year(), ym(2025, 7).decimal_year(), kInputCheck, kRange,
        [](const RunData& r) {
          double best = kInf;
          YearMonth when{};
          for (int t : r.records_between(ym(2023), ym(2026, 12))) {
            const double lag = world_open_lag(r, t);
            if (lag < best) best = lag, when = r.month(t);  // the first month of a tie
          }
          return when.decimal_year();
        },
        ValueFormat::kMonth}}};
}

// ---- SF3: investment shares follow the data through 2025 (M11) ----------------------------

FactPart investment_part(const std::string& iso3, int year, double data_share) {
  return {"investment_share " + iso3 + ", flows of " + std::to_string(year),
          around(data_share, 0.01, 3),
          data_share - 0.01,
          data_share + 0.01,
          kInputCheck,
          kRange,
          [iso3, year](const RunData& r) {
            return facts::investment_share_of_year(r, r.country(iso3), year);
          }};
}

// M11: the allocation rule alone applies from 2026-01 and must not jump from the data's 2025
// shares (alpha, beta and tier3_openness are calibrated on it).
FactPart rule_continuity_part(const std::string& iso3, double data_share_2025) {
  return {"investment_share " + iso3 + ", 2026-01 (the rule alone; M11: no jump from 2025)",
          around(data_share_2025, 0.06, 3) + " (data 2025)",
          data_share_2025 - 0.06,
          data_share_2025 + 0.06,
          kTarget,
          kRange,
          [iso3](const RunData& r) {
            return country_value(r, "investment_share", r.record(ym(2026)), r.country(iso3));
          }};
}

Fact sf3(const ObservedData& o) {
  Fact f{"SF3", kInputCheck, "investment concentrates (AI Index; the data through 2025, M11)", {}};
  for (int year : {2023, 2024, 2025}) {
    const InvestmentYear& v = o.investment.at(year);
    f.parts.push_back(investment_part("USA", year, v.usa / v.world));
    f.parts.push_back(investment_part("CHN", year, v.chn / v.world));
  }
  f.parts.push_back(
      {"africa_investment_share, flows of 2024", "0.0005 +- 0.001", -0.0005, 0.0015, kInputCheck,
       kRange, [](const RunData& r) { return facts::africa_investment_share_of_year(r, 2024); }});
  const InvestmentYear& v2025 = o.investment.at(2025);
  f.parts.push_back(rule_continuity_part("USA", v2025.usa / v2025.world));
  f.parts.push_back(rule_continuity_part("CHN", v2025.chn / v2025.world));
  return f;
}

// ---- SF4: AI compute concentrates and grows (Epoch AI) -------------------------------------

// A country's share of the Epoch 16-bit FLOP/s among the run's countries (the World row and
// countries outside the model dropped).
double data_compute_share(const std::map<std::string, double>& compute, const std::string& iso3,
                          const std::vector<std::string>& countries) {
  double total = 0;
  for (const std::string& c : among(compute, countries)) total += compute.at(c);
  const auto it = compute.find(iso3);
  return it == compute.end() ? 0.0 : it->second / total;
}

double data_compute_growth(const ObservedData& o, const std::vector<std::string>& countries) {
  double before = 0, after = 0;
  for (const std::string& c : among(o.compute_2023_12, countries))
    before += o.compute_2023_12.at(c);
  for (const std::string& c : among(o.compute_2025_06, countries)) after += o.compute_2025_06.at(c);
  return after / before;
}

FactPart compute_share_part(const ObservedData& o, const std::string& iso3,
                            const std::vector<std::string>& countries) {
  const double share = data_compute_share(o.compute_2025_06, iso3, countries);
  return {"compute_share " + iso3 + ", 2025-06",
          around(share, 0.07, 2) + " (data " + fixed(share, 3) + ")",
          share - 0.07,
          share + 0.07,
          kTarget,
          kRange,
          [iso3](const RunData& r) {
            return country_value(r, "compute_share", r.record(ym(2025, 6)), r.country(iso3));
          }};
}

Fact sf4(const ObservedData& o, const std::vector<std::string>& countries) {
  return {"SF4",
          kTarget,
          "AI compute concentrates and grows fast (Epoch AI supercomputers)",
          {compute_share_part(o, "USA", countries),
           compute_share_part(o, "CHN", countries),
           {"sum of compute_pflops, 2025-06 over 2023-12",
            "3-7 (data " + fixed(data_compute_growth(o, countries), 2) + ")", 3.0, 7.0, kTarget,
            kRange, [](const RunData& r) {
              const auto world = [&](int t) {
                double sum = 0;
                for (int c = 0; c < r.countries(); ++c)
                  sum += country_value(r, "compute_pflops", t, c);
                return sum;
              };
              return world(r.record(ym(2025, 6))) / world(r.record(ym(2023, 12)));
            }}}};
}

// ---- SF5, SF6: firm adoption fast but shallow; the size gap widens (OECD, HIC) -------------

double hic_share(const RunData& r, const std::string& var, const YearMonth& when,
                 const std::string& size) {
  return facts::group_firm_share(r, var, r.record(when), {size}, facts::high_income());
}

double hic_size_gap(const RunData& r, int year) {
  return 100.0 * (hic_share(r, "firm_adoption_share", ym(year), "large") -
                  hic_share(r, "firm_adoption_share", ym(year), "small"));
}

Fact sf5() {
  return {
      "SF5",
      kTarget,
      "adoption fast but shallow",
      {{"HIC large firm_adoption_share, gain per year 2023-2025 (points)", "8-14", 8.0, 14.0,
        kInputCheck, kRange,
        [](const RunData& r) {
          return 100.0 *
                 (hic_share(r, "firm_adoption_share", ym(2025), "large") -
                  hic_share(r, "firm_adoption_share", ym(2023), "large")) /
                 2.0;
        }},
       {"HIC production among adopters, all sizes, 2025", "< 0.10", -kInf, 0.10, kTarget, kBound,
        [](const RunData& r) {
          const int t = r.record(ym(2025));
          const std::vector<std::string>& sizes = r.labels("size_class");
          return facts::group_firm_share(r, "firm_production_share", t, sizes,
                                         facts::high_income()) /
                 facts::group_firm_share(r, "firm_adoption_share", t, sizes, facts::high_income());
        }},
       {"HIC pilot_promotions / pilot_entries, 2023-2025", "0.05 (0.03-0.10)", 0.03, 0.10, kTarget,
        kRange, [](const RunData& r) {
          // A flow over 2023-2025: the sum of the records 2023-01 to 2025-01.
          const std::vector<std::string> dims = {"time", "country", "size_class"};
          r.variable("pilot_promotions", dims);
          const int sizes = static_cast<int>(r.variable("pilot_entries", dims).shape[2]);
          double p = 0, e = 0;
          for (int t : r.records_between(ym(2023), ym(2025))) {
            for (int c = 0; c < r.countries(); ++c) {
              if (!facts::in_groups(r, c, facts::high_income())) continue;
              for (int s = 0; s < sizes; ++s) {
                p += r.at("pilot_promotions", {t, c, s});
                e += r.at("pilot_entries", {t, c, s});
              }
            }
          }
          return p / e;
        }}}};
}

Fact sf6() {
  return {
      "SF6",
      kTarget,
      "firm-size gap widens (OECD, HIC)",
      {{"HIC large firm_adoption_share, 2025", "0.52 +- 0.06", 0.46, 0.58, kTarget, kRange,
        [](const RunData& r) { return hic_share(r, "firm_adoption_share", ym(2025), "large"); }},
       {"HIC small firm_adoption_share, 2025", "0.17 +- 0.04", 0.13, 0.21, kTarget, kRange,
        [](const RunData& r) { return hic_share(r, "firm_adoption_share", ym(2025), "small"); }},
       {"HIC large - small adoption gap, 2023 (points)", "23 +- 5", 18.0, 28.0, kInputCheck, kRange,
        [](const RunData& r) { return hic_size_gap(r, 2023); }},
       {"HIC large - small adoption gap, 2025 (points)", "35 +- 5", 30.0, 40.0, kTarget, kRange,
        [](const RunData& r) { return hic_size_gap(r, 2025); }}}};
}

// ---- SF7-SF9 ---------------------------------------------------------------------------------

Fact sf7() {
  return {"SF7",
          kInput,
          "exposure rises with income (IMF)",
          {{"exposed share of employment, high income, 2023", "0.60 +- 0.03", 0.57, 0.63, kInput,
            kRange, [](const RunData& r) { return facts::exposed_share(r, {"high"}); }},
           {"exposed share of employment, middle income, 2023", "0.40 +- 0.03", 0.37, 0.43, kInput,
            kRange,
            [](const RunData& r) {
              return facts::exposed_share(r, {"upper_middle", "lower_middle"});
            }},
           {"exposed share of employment, low income, 2023", "0.26 +- 0.03", 0.23, 0.29, kInput,
            kRange, [](const RunData& r) { return facts::exposed_share(r, {"low"}); }}}};
}

Fact sf8() {
  return {"SF8",
          kValidation,
          "micro large, macro small",
          {{"HIC production_firm_gain, 2030", ">= 0.05", 0.05, kInf, kValidation, kBound,
            [](const RunData& r) {
              return facts::group_mean(r, "production_firm_gain", r.record(ym(2030)),
                                       facts::high_income());
            }},
           {"world_ai_tfp_gain, 2033", "< 0.01", -kInf, 0.01, kValidation, kBound,
            [](const RunData& r) { return global(r, "world_ai_tfp_gain", r.record(ym(2033))); }}}};
}

Fact sf9() {
  return {"SF9",
          kTarget,
          "AI-skill wage premium large",
          {{"HIC ai_skill_premium, mean of 2024-01 to 2025-01", "0.25-0.56", 0.25, 0.56, kTarget,
            kRange, [](const RunData& r) {
              return facts::mean_over(r, ym(2024), ym(2025), [&](int t) {
                return facts::group_mean(r, "ai_skill_premium", t, facts::high_income());
              });
            }}}};
}

// ---- SF10: AI use, world and US (RPS revised tracker) ----------------------------------------

double usa_use(const RunData& r, const YearMonth& when) {
  return country_value(r, "ai_user_share", r.record(when), r.country("USA"));
}

Fact sf10(const ObservedData& o) {
  const double us24 = o.us_use_2024_08 / 100, us25 = o.us_use_2025_08 / 100;
  return {
      "SF10",
      kTarget,
      "AI use: world level, US level and its growth",
      {{"world_ai_user_share, 2025-06", "0.10-0.25", 0.10, 0.25, kTarget, kRange,
        [](const RunData& r) { return global(r, "world_ai_user_share", r.record(ym(2025, 6))); }},
       {"ai_user_share USA, 2024-08", around(us24, 0.05, 3) + " (RPS revised)", us24 - 0.05,
        us24 + 0.05, kTarget, kRange, [](const RunData& r) { return usa_use(r, ym(2024, 8)); }},
       {"ai_user_share USA, 2025-08", around(us25, 0.05, 3) + " (RPS revised)", us25 - 0.05,
        us25 + 0.05, kTarget, kRange, [](const RunData& r) { return usa_use(r, ym(2025, 8)); }},
       {"USA gain 2024-08 -> 2025-08 (points)", "5-15 (data " + fixed(100 * (us25 - us24), 1) + ")",
        5.0, 15.0, kTarget, kRange, [](const RunData& r) {
          return 100.0 * (usa_use(r, ym(2025, 8)) - usa_use(r, ym(2024, 8)));
        }}}};
}

// ---- SF11, SF12 ------------------------------------------------------------------------------

Fact sf11() {
  return {"SF11",
          kInputCheck,
          "use follows readiness (largely implied by internet use)",
          {{"Spearman(readiness, ai_user_share) across countries, 2025", ">= 0.6", 0.6, kInf,
            kInputCheck, kBound, [](const RunData& r) {
              const int t = r.record(ym(2025));
              std::vector<double> readiness, use;
              for (int c = 0; c < r.countries(); ++c) {
                readiness.push_back(country_value(r, "readiness", t, c));
                use.push_back(country_value(r, "ai_user_share", t, c));
              }
              return facts::spearman(readiness, use);
            }}}};
}

Fact sf12() {
  return {"SF12",
          kTarget,
          "AI gains larger in rich economies, about double (IMF)",
          {{"ai_tfp_gain high / low income means, 2030", "2-5", 2.0, 5.0, kTarget, kRange,
            [](const RunData& r) {
              const int t = r.record(ym(2030));
              const sim::H5Array& g = r.variable("group_ai_tfp_gain", {"time", "income_group"});
              const std::size_t n = g.shape[1];
              const auto at = [&](const char* group) {
                return g.values.at(static_cast<std::size_t>(t) * n +
                                   static_cast<std::size_t>(r.label_index("income_group", group)));
              };
              return at("high") / at("low");
            }}}};
}

// ---- SF13: individual genAI use across Europe (Eurostat 2025) --------------------------------

Fact sf13(const ObservedData& o, const std::vector<std::string>& countries) {
  const std::vector<std::string> iso3 = among(o.eu_individual_use, countries);
  const std::vector<double> data = data_values(o.eu_individual_use, iso3);
  const double data_mean = facts::mean(data);
  const auto model = [iso3](const RunData& r) {
    std::vector<double> out;
    out.reserve(iso3.size());
    const int t = r.record(ym(2025, 6));
    for (const std::string& code : iso3)
      out.push_back(100.0 * country_value(r, "ai_user_share", t, r.country(code)));
    return out;
  };
  const std::string n = std::to_string(iso3.size()) + " countries";
  return {"SF13",
          kTarget,
          "individual genAI use across Europe (Eurostat isoc_ai_iaiu 2025)",
          {{"100 x ai_user_share 2025-06, unweighted mean over " + n,
            "within 6 pts of the data's " + fixed(data_mean, 1), data_mean - 6, data_mean + 6,
            kTarget, kRange, [model](const RunData& r) { return facts::mean(model(r)); }},
           {"the same, sample sd across countries (points)",
            "6-15 (data " + fixed(facts::sample_sd(data), 1) + ")", 6.0, 15.0, kTarget, kRange,
            [model](const RunData& r) { return facts::sample_sd(model(r)); }},
           {"the same, Spearman with the data", ">= 0.5", 0.5, kInf, kTarget, kBound,
            [model, data](const RunData& r) { return facts::spearman(model(r), data); }}}};
}

// ---- SF14: enterprise AI use across the EU (Eurostat isoc_eb_ai) -----------------------------

// Firm-count-weighted adoption of the 10+ employee classes of one country, in percent.
double ten_plus_adoption(const RunData& r, int t, const std::string& iso3) {
  return 100.0 *
         facts::countries_firm_share(r, "firm_adoption_share", t, kTenPlus, {r.country(iso3)});
}

// The codes of the n largest (or smallest) values.
std::vector<std::string> extreme(const std::map<std::string, double>& data, std::size_t n,
                                 bool largest) {
  std::vector<std::pair<double, std::string>> v;
  v.reserve(data.size());
  for (const auto& [iso3, value] : data) v.emplace_back(value, iso3);
  std::sort(v.begin(), v.end());
  if (largest) std::reverse(v.begin(), v.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n && i < v.size(); ++i) out.push_back(v[i].second);
  return out;
}

std::string listed(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

Fact sf14(const ObservedData& o, const std::vector<std::string>& countries) {
  std::vector<std::string> eu;
  for (const auto& [code, iso3] : eu27_eurostat_iso3()) {
    if (std::find(countries.begin(), countries.end(), iso3) != countries.end()) eu.push_back(iso3);
  }
  const auto eu_share = [eu](const YearMonth& when) {
    return [eu, when](const RunData& r) {
      return 100.0 * facts::countries_firm_share(r, "firm_adoption_share", r.record(when), kTenPlus,
                                                 facts::run_countries(r, eu));
    };
  };
  std::map<std::string, double> data_2024, data_2025;
  for (const std::string& c : eu) {
    data_2024[c] = o.eu_enterprise_use_by_country_2024.at(c);
    data_2025[c] = o.eu_enterprise_use_by_country_2025.at(c);
  }
  const std::vector<std::string> top = extreme(data_2024, 3, true),
                                 bottom = extreme(data_2024, 3, false);
  const auto mean_of = [](const std::map<std::string, double>& d,
                          const std::vector<std::string>& k) {
    return facts::mean(data_values(d, k));
  };
  const double data_ratio = mean_of(data_2024, top) / mean_of(data_2024, bottom);
  const std::vector<std::string> ranked = among(data_2025, countries);
  const std::vector<double> data_2025_values = data_values(data_2025, ranked);
  const double eu24 = o.eu_enterprise_use_2024, eu25 = o.eu_enterprise_use_2025;
  return {"SF14",
          kTarget,
          "enterprise AI use across the EU (Eurostat isoc_eb_ai, 10+ employees)",
          {{"firm_adoption_share small+medium+large, EU27, 2024-06 (%)", around(eu24, 4, 2),
            eu24 - 4, eu24 + 4, kTarget, kRange, eu_share(ym(2024, 6))},
           {"the same, 2025-06 (%)", around(eu25, 5, 2), eu25 - 5, eu25 + 5, kTarget, kRange,
            eu_share(ym(2025, 6))},
           {"mean of " + listed(top) + " over " + listed(bottom) + ", 2024-06",
            "3-10 (data " + fixed(data_ratio, 1) + ")", 3.0, 10.0, kInputCheck, kRange,
            [top, bottom](const RunData& r) {
              const int t = r.record(ym(2024, 6));
              std::vector<double> hi, lo;
              for (const std::string& c : top) hi.push_back(ten_plus_adoption(r, t, c));
              for (const std::string& c : bottom) lo.push_back(ten_plus_adoption(r, t, c));
              return facts::mean(hi) / facts::mean(lo);
            }},
           {"Spearman with the 2025 data across the EU27, 2025-06", ">= 0.6", 0.6, kInf,
            kInputCheck, kBound, [ranked, data_2025_values](const RunData& r) {
              const int t = r.record(ym(2025, 6));
              std::vector<double> model;
              model.reserve(ranked.size());
              for (const std::string& c : ranked) model.push_back(ten_plus_adoption(r, t, c));
              return facts::spearman(model, data_2025_values);
            }}}};
}

// ---- SF15: US firm use triples in two years (Census BTOS) ------------------------------------

Fact sf15(const ObservedData& o) {
  const double data = o.us_firm_use_2025_09 / o.us_firm_use_2023_09;
  return {"SF15",
          kValidation,
          "US firm AI use triples in two years (Census BTOS)",
          {{"firm_adoption_all USA, 2025-09 / 2023-09",
            "2-4 (data " + fixed(data, 2) + ": " + fixed(o.us_firm_use_2023_09, 1) + "% -> " +
                fixed(o.us_firm_use_2025_09, 1) + "%)",
            2.0, 4.0, kValidation, kRange, [](const RunData& r) {
              const int c = r.country("USA");
              return country_value(r, "firm_adoption_all", r.record(ym(2025, 9)), c) /
                     country_value(r, "firm_adoption_all", r.record(ym(2023, 9)), c);
            }}}};
}

// ---- SF16: intensity follows income more steeply than use (Anthropic Economic Index) -------

struct IntensitySample {
  std::vector<double> intensity, aui, gdp, use;
};

// The countries of the AUI data in the run with users in 2025-08 (zero-user countries dropped).
IntensitySample intensity_sample(const RunData& r, const std::map<std::string, double>& aui) {
  IntensitySample s;
  const int t = r.record(ym(2025, 8));
  for (const auto& [iso3, value] : aui) {
    const int c = r.find_country(iso3);
    if (c < 0) continue;
    const double use = country_value(r, "ai_user_share", t, c);
    const double intensity = country_value(r, "ai_use_intensity", t, c);
    if (!(use > 0) || !(intensity > 0)) continue;
    s.intensity.push_back(intensity);
    s.aui.push_back(value);
    s.gdp.push_back(country_value(r, "gdp_per_capita_usd", t, c));
    s.use.push_back(use);
  }
  return s;
}

std::vector<double> logs(const std::vector<double>& x) {
  std::vector<double> out;
  out.reserve(x.size());
  for (double v : x) out.push_back(std::log(v));
  return out;
}

Fact sf16(const ObservedData& o) {
  const std::map<std::string, double> aui = o.aui_2025_08;
  return {"SF16",
          kValidation,
          "intensity of use follows income more steeply than use itself (Anthropic Economic "
          "Index, 2025-09-15)",
          {{"Spearman(ai_use_intensity, published AUI), 2025-08", ">= 0.7", 0.7, kInf, kValidation,
            kBound,
            [aui](const RunData& r) {
              const IntensitySample s = intensity_sample(r, aui);
              return facts::spearman(s.intensity, s.aui);
            }},
           {"OLS slope of ln ai_use_intensity on ln gdp_per_capita_usd, 2025-08",
            "0.5-0.9 (data 0.66-0.69)", 0.5, 0.9, kValidation, kRange,
            [aui](const RunData& r) {
              const IntensitySample s = intensity_sample(r, aui);
              return facts::ols_slope(logs(s.gdp), logs(s.intensity));
            }},
           {"the same for depth (ai_use_intensity / ai_user_share)", "0.1-0.5 [A]", 0.1, 0.5,
            kValidation, kRange, [aui](const RunData& r) {
              const IntensitySample s = intensity_sample(r, aui);
              std::vector<double> depth;
              depth.reserve(s.use.size());
              for (std::size_t i = 0; i < s.use.size(); ++i)
                depth.push_back(s.intensity[i] / s.use[i]);
              return facts::ols_slope(logs(s.gdp), logs(depth));
            }}}};
}

// ---- SF17: use grows faster in lower-income countries ----------------------------------------

double relative_gain(const RunData& r, const facts::Groups& groups) {
  const double before = facts::group_mean(r, "ai_user_share", r.record(ym(2024, 6)), groups);
  const double after = facts::group_mean(r, "ai_user_share", r.record(ym(2025, 6)), groups);
  return after / before - 1.0;
}

Fact sf17() {
  return {
      "SF17",
      kValidation,
      "use grows faster in lower-income countries (OpenAI and NBER w34255)",
      {{"relative gain of ai_user_share 2024-06 -> 2025-06, low and lower-middle over high", "> 1",
        1.0, kInf, kValidation, kBound, [](const RunData& r) {
          return relative_gain(r, {"low", "lower_middle"}) / relative_gain(r, facts::high_income());
        }}}};
}

// ---- SF18: no visible effect on the earnings of users yet (Humlum and Vestergaard 2025) -----

// The labour-force-weighted mean over HIC countries, exposed occupations and skills of the
// user / non-user wage ratio at `t`. The output has no employment by occupation and skill
// jointly, so a cell's weight is the country's labour force times its occupation share times
// its skill share (2023-01). Cells without users or non-users at either date are left out.
double user_wage_ratio(const RunData& r, int t, int t0, int t1) {
  const std::vector<std::string> wage_dims = {"time", "country", "occupation", "skill", "use"};
  r.variable("mean_wage_usd_by_use", wage_dims);
  r.variable("employment", {"time", "country", "occupation"});
  r.variable("employment_by_skill", {"time", "country", "skill"});
  const int user = r.label_index("use", "user"), non_user = r.label_index("use", "non_user");
  const std::vector<int> exposed = {r.label_index("occupation", "exposed_complementary"),
                                    r.label_index("occupation", "exposed_substitutable")};
  const int occupations = static_cast<int>(r.labels("occupation").size());
  const int skills = static_cast<int>(r.labels("skill").size());
  const auto ratio = [&](int when, int c, int o, int s) {
    return r.at("mean_wage_usd_by_use", {when, c, o, s, user}) /
           r.at("mean_wage_usd_by_use", {when, c, o, s, non_user});
  };
  double num = 0, den = 0;
  for (int c = 0; c < r.countries(); ++c) {
    if (!facts::in_groups(r, c, facts::high_income())) continue;
    double employed = 0, skilled = 0;
    for (int o = 0; o < occupations; ++o) employed += r.value("employment", t0, c, o);
    for (int s = 0; s < skills; ++s) skilled += r.value("employment_by_skill", t0, c, s);
    const double lf = country_value(r, "labour_force", t0, c);
    for (int o : exposed) {
      for (int s = 0; s < skills; ++s) {
        const double a = ratio(t0, c, o, s), b = ratio(t1, c, o, s);
        if (!std::isfinite(a) || !std::isfinite(b) || !(a > 0) || !(b > 0)) continue;
        const double w = lf * r.value("employment", t0, c, o) / employed *
                         r.value("employment_by_skill", t0, c, s) / skilled;
        num += w * ratio(t, c, o, s);
        den += w;
      }
    }
  }
  return den > 0 ? num / den : kNaN;
}

Fact sf18() {
  return {"SF18",
          kValidation,
          "no visible effect on the earnings of users yet (Humlum and Vestergaard 2025)",
          {{"HIC exposed user / non-user wage ratio, 2026-01 over 2023-01, minus 1", "abs < 0.01",
            -0.01, 0.01, kValidation, kBound, [](const RunData& r) {
              const int t0 = r.record(ym(2023)), t1 = r.record(ym(2026));
              return user_wage_ratio(r, t1, t0, t1) / user_wage_ratio(r, t0, t0, t1) - 1.0;
            }}}};
}

// ---- SF19: talent follows compute (LinkedIn via AI Index 2025) -------------------------------

FactPart talent_part(const ObservedData& o, const std::vector<std::string>& iso3, FactClass cls,
                     const std::string& which) {
  const std::vector<double> data = data_values(o.talent_net_migration, iso3);
  return {"Spearman(ai_talent_net_flow mean 2023-2024, data mean 2019-2024), " +
              std::to_string(iso3.size()) + " countries " + which,
          ">= 0.5",
          0.5,
          kInf,
          cls,
          kBound,
          [iso3, data](const RunData& r) {
            std::vector<double> model;
            model.reserve(iso3.size());
            for (const std::string& code : iso3) {
              const int c = r.country(code);
              model.push_back(facts::mean_over(r, ym(2023), ym(2024), [&](int t) {
                return country_value(r, "ai_talent_net_flow", t, c);
              }));
            }
            return facts::spearman(model, data);
          }};
}

Fact sf19(const ObservedData& o, const std::vector<std::string>& countries) {
  std::vector<std::string> without, with;
  for (const std::string& c : among(o.talent_net_migration, countries)) {
    (o.talent_concentration.count(c) ? with : without).push_back(c);
  }
  return {"SF19",
          kValidation,
          "talent follows compute (AI Index 2025, LinkedIn net AI-talent migration)",
          {talent_part(o, without, kValidation, "without AI-talent concentration data"),
           talent_part(o, with, kInputCheck, "with both LinkedIn series (M8 uses their data)")}};
}

}  // namespace

std::vector<Fact> stylised_facts(const ObservedData& o, const std::vector<std::string>& countries) {
  return {sf1(),
          sf2(),
          sf3(o),
          sf4(o, countries),
          sf5(),
          sf6(),
          sf7(),
          sf8(),
          sf9(),
          sf10(o),
          sf11(),
          sf12(),
          sf13(o, countries),
          sf14(o, countries),
          sf15(o),
          sf16(o),
          sf17(),
          sf18(),
          sf19(o, countries)};
}

const std::vector<FactVariable>& fact_variables() {
  static const std::vector<FactVariable> variables = {
      {"frontier_cost_usd", {"time"}},
      {"open_lag_months_by_bloc", {"time", "bloc"}},
      {"ai_investment_usd", {"time", "country"}},
      {"investment_share", {"time", "country"}},
      {"africa_investment_share", {"time"}},
      {"compute_share", {"time", "country"}},
      {"compute_pflops", {"time", "country"}},
      {"firm_count", {"time", "country", "size_class"}},
      {"firm_adoption_share", {"time", "country", "size_class"}},
      {"firm_production_share", {"time", "country", "size_class"}},
      {"pilot_entries", {"time", "country", "size_class"}},
      {"pilot_promotions", {"time", "country", "size_class"}},
      {"employment", {"time", "country", "occupation"}},
      {"employment_by_skill", {"time", "country", "skill"}},
      {"labour_force", {"time", "country"}},
      {"production_firm_gain", {"time", "country"}},
      {"world_ai_tfp_gain", {"time"}},
      {"ai_skill_premium", {"time", "country"}},
      {"world_ai_user_share", {"time"}},
      {"ai_user_share", {"time", "country"}},
      {"readiness", {"time", "country"}},
      {"group_ai_tfp_gain", {"time", "income_group"}},
      {"firm_adoption_all", {"time", "country"}},
      {"ai_use_intensity", {"time", "country"}},
      {"gdp_per_capita_usd", {"time", "country"}},
      {"mean_wage_usd_by_use", {"time", "country", "occupation", "skill", "use"}},
      {"ai_talent_net_flow", {"time", "country"}},
  };
  return variables;
}

}  // namespace models
