// Test helper: a synthetic run whose every pattern SF1-SF19 has a known value, and synthetic
// observed data to compare it with. The baseline passes every pattern; tests change one
// variable and check the value a fact computes. It can also be written as an HDF5 run file, so
// that `aidivide facts` is tested end to end without a model that writes the v2 variables.
//
// Eight countries: USA (the only high-income one, so the HIC patterns read it alone), CHN, four
// EU members (upper middle here, whatever the World Bank says: the income groups are the test's),
// NGA and ETH; records 2023-01 to 2033-01.
#pragma once

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/observed_data.hpp"
#include "models/run_data.hpp"
#include "sim/nc_writer.hpp"

namespace test_facts {

using Values3 = std::function<double(int t, int c, int k)>;

inline const std::vector<std::string> kIso3 = {"USA", "CHN", "DEU", "DNK",
                                               "POL", "ROU", "NGA", "ETH"};
inline const std::vector<std::string> kIncome = {"high",         "upper_middle", "upper_middle",
                                                 "upper_middle", "upper_middle", "upper_middle",
                                                 "lower_middle", "low"};
inline constexpr int kRecords = 121;  // 2023-01 .. 2033-01

// Record index of a month.
inline int t_of(int year, int month = 1) { return (year - 2023) * 12 + month - 1; }

class SyntheticRun {
 public:
  models::RunContents contents;

  SyntheticRun() {
    contents.path = "synthetic.h5";
    for (int t = 0; t < kRecords; ++t)
      contents.months.push_back(sim::YearMonth{2023, 1}.plus_months(t));
    contents.iso3 = kIso3;
    contents.income = kIncome;
    contents.labels = {
        {"size_class", {"micro", "small", "medium", "large"}},
        {"occupation",
         {"exposed_complementary", "exposed_substitutable", "not_exposed", "data_work"}},
        {"skill", {"low", "mid", "high"}},
        {"use", {"user", "non_user"}},
        {"bloc", {"us", "china", "non_aligned"}},
        {"income_group", {"low", "lower_middle", "upper_middle", "high"}}};
    contents.attributes = {{"data_sha256", "synthetic"}};
    baseline();
  }

  int c(const std::string& iso3) const {
    for (std::size_t i = 0; i < kIso3.size(); ++i) {
      if (kIso3[i] == iso3) return static_cast<int>(i);
    }
    return -1;
  }
  models::RunData run() const { return models::RunData(contents); }

  void global(const std::string& name, const std::function<double(int)>& f) {
    sim::H5Array a{{}, {kRecords}, {"time"}};
    for (int t = 0; t < kRecords; ++t) a.values.push_back(f(t));
    contents.variables[name] = a;
  }
  void country(const std::string& name, const std::function<double(int, int)>& f) {
    sim::H5Array a{{}, {kRecords, kIso3.size()}, {"time", "country"}};
    for (int t = 0; t < kRecords; ++t) {
      for (int i = 0; i < static_cast<int>(kIso3.size()); ++i) a.values.push_back(f(t, i));
    }
    contents.variables[name] = a;
  }
  void category(const std::string& name, const std::string& dim, const Values3& f) {
    const std::size_t n = contents.labels.at(dim).size();
    sim::H5Array a{{}, {kRecords, kIso3.size(), n}, {"time", "country", dim}};
    for (int t = 0; t < kRecords; ++t) {
      for (int i = 0; i < static_cast<int>(kIso3.size()); ++i) {
        for (int k = 0; k < static_cast<int>(n); ++k) a.values.push_back(f(t, i, k));
      }
    }
    contents.variables[name] = a;
  }
  // (time, bloc) or (time, income_group).
  void per(const std::string& name, const std::string& dim,
           const std::function<double(int, int)>& f) {
    const std::size_t n = contents.labels.at(dim).size();
    sim::H5Array a{{}, {kRecords, n}, {"time", dim}};
    for (int t = 0; t < kRecords; ++t) {
      for (int k = 0; k < static_cast<int>(n); ++k) a.values.push_back(f(t, k));
    }
    contents.variables[name] = a;
  }
  // mean_wage_usd_by_use over (time, country, occupation, skill, use).
  void wage(const std::function<double(int, int, int, int, int)>& f) {
    sim::H5Array a{
        {}, {kRecords, kIso3.size(), 4, 3, 2}, {"time", "country", "occupation", "skill", "use"}};
    for (int t = 0; t < kRecords; ++t) {
      for (int i = 0; i < static_cast<int>(kIso3.size()); ++i) {
        for (int o = 0; o < 4; ++o) {
          for (int s = 0; s < 3; ++s) {
            for (int u = 0; u < 2; ++u) a.values.push_back(f(t, i, o, s, u));
          }
        }
      }
    }
    contents.variables["mean_wage_usd_by_use"] = a;
  }

  // The run as an HDF5 file like the recorder writes (dimension scales, coordinate labels).
  void write_h5(const std::string& path) const {
    sim::NcWriter w(path);
    for (const auto& [name, value] : contents.attributes) w.set_attr(name, value);
    w.add_time_dimension("days since 2023-01-01");
    w.add_string_dimension("country", contents.iso3, {"1", "country", ""});
    for (const auto& [dim, labels] : contents.labels)
      w.add_string_dimension(dim, labels, {"1", dim, ""});
    w.add_static_strings("country_income_group", "country", contents.income, {"1", "", ""});
    std::vector<std::pair<int, const sim::H5Array*>> series;
    for (const auto& [name, a] : contents.variables) {
      const std::vector<std::string> after(a.dims.begin() + 1, a.dims.end());
      series.emplace_back(w.add_series(name, after, sim::StoreType::kFloat64, {"1", name, ""}), &a);
    }
    w.start_swmr();
    const long base = sim::YearMonth{2023, 1}.days_since_epoch();
    for (int t = 0; t < kRecords; ++t) {
      w.begin_record(static_cast<double>(
          contents.months[static_cast<std::size_t>(t)].days_since_epoch() - base));
      for (const auto& [handle, a] : series) {
        const std::size_t per_record = a->values.size() / kRecords;
        w.write(handle, std::span<const double>(a->values.data() + t * per_record, per_record));
      }
    }
    w.finish("complete");
  }

 private:
  // Every pattern passes; the comments give each value.
  void baseline() {
    // SF1: 1e9 USD exactly at 2025-07, first above at 2025-08.
    global("frontier_cost_usd", [](int t) { return 1e9 * std::pow(1.05, t - t_of(2025, 7)); });
    // SF2: world lag min(5, 2 + |t - 2025-01| / 4) months (bloc china closest at 2025-01).
    per("open_lag_months_by_bloc", "bloc", [](int t, int b) {
      return b == 0 ? 5.0 : b == 1 ? 2.0 + std::abs(t - t_of(2025)) / 4.0 : 7.0;
    });
    // SF3: one unit of investment a record, shared as the data's shares of the year.
    const auto share = [](int t, const std::string& iso3) {
      const int year = 2023 + t / 12;
      const double usa = year == 2023 ? 0.694 : year == 2024 ? 0.72 : 0.83;
      const double chn = year == 2023 ? 0.091 : year == 2024 ? 0.06 : 0.04;
      return iso3 == "USA" ? usa : iso3 == "CHN" ? chn : iso3 == "DEU" ? 1 - usa - chn : 0.0;
    };
    country("ai_investment_usd", [&](int t, int i) { return share(t, kIso3[i]); });
    country("investment_share", [&](int t, int i) { return share(t, kIso3[i]); });
    global("africa_investment_share", [](int) { return 0.0005; });
    // SF4: world compute 1 at 2023-12 and 5 at 2025-06; shares USA 0.72, CHN 0.14, DEU 0.14.
    const auto world_compute = [](int t) { return 1.0 + 4.0 * (t - t_of(2023, 12)) / 18.0; };
    const auto compute_share = [this](int i) {
      return i == c("USA") ? 0.72 : i == c("CHN") || i == c("DEU") ? 0.14 : 0.0;
    };
    country("compute_pflops", [=](int t, int i) { return compute_share(i) * world_compute(t); });
    country("compute_share", [=](int, int i) { return compute_share(i); });
    firms();
    workers();
  }

  void firms() {
    // SF5, SF6 (USA): large 0.30 + 0.11 a year, small 0.07 + 0.05 a year from 2023-01; medium
    // their mean, micro half of small. SF14 (the EU four): all 10+ classes at f_c * g(t), g 0.135
    // at 2024-06 and 0.20 at 2025-06, f = 2.8, 0.6, 0.4, 0.2 (mean 1) for DNK, DEU, POL, ROU.
    const std::map<std::string, double> f = {
        {"DNK", 2.8}, {"DEU", 0.6}, {"POL", 0.4}, {"ROU", 0.2}};
    category("firm_count", "size_class", [](int, int, int s) {
      return std::vector<double>{1000, 100, 20, 5}[static_cast<std::size_t>(s)];
    });
    category("firm_adoption_share", "size_class", [f](int t, int i, int s) {
      const auto eu = f.find(kIso3[static_cast<std::size_t>(i)]);
      if (eu != f.end())
        return s == 0 ? 0.0 : eu->second * (0.135 + 0.065 * (t - t_of(2024, 6)) / 12.0);
      const double large = 0.30 + 0.11 * t / 12.0, small = 0.07 + 0.05 * t / 12.0;
      return std::vector<double>{small / 2, small, (small + large) / 2,
                                 large}[static_cast<std::size_t>(s)];
    });
    const auto adoption = contents.variables.at("firm_adoption_share");
    category("firm_production_share", "size_class", [adoption](int t, int i, int s) {
      return 0.05 * adoption.values[(static_cast<std::size_t>(t) * kIso3.size() +
                                     static_cast<std::size_t>(i)) *
                                        4 +
                                    static_cast<std::size_t>(s)];
    });
    category("pilot_entries", "size_class", [](int, int, int) { return 10.0; });
    category("pilot_promotions", "size_class", [](int, int, int) { return 0.5; });
    // SF15: USA 0.04 at 2023-09, 0.10 at 2025-09.
    country("firm_adoption_all",
            [](int t, int) { return 0.04 + 0.06 * (t - t_of(2023, 9)) / 24.0; });
    country("production_firm_gain", [](int, int) { return 0.08; });
    global("world_ai_tfp_gain", [](int) { return 0.005; });
    // SF12: high 0.03, low 0.01.
    per("group_ai_tfp_gain", "income_group", [](int, int g) { return g == 3 ? 0.03 : 0.01; });
  }

  void workers() {
    const std::vector<double> lf = {170, 780, 44, 3, 17, 8, 70, 60};  // millions
    country("labour_force", [lf](int, int i) { return lf[static_cast<std::size_t>(i)]; });
    // SF7: exposed 60 / 40 / 26 % of employment (high / middle / low).
    category("employment", "occupation", [lf](int, int i, int o) {
      const std::string& g = kIncome[static_cast<std::size_t>(i)];
      const std::vector<double> shares = g == "high"  ? std::vector<double>{0.27, 0.33, 0.40, 0}
                                         : g == "low" ? std::vector<double>{0.13, 0.13, 0.74, 0}
                                                      : std::vector<double>{0.2, 0.2, 0.6, 0};
      return lf[static_cast<std::size_t>(i)] * shares[static_cast<std::size_t>(o)];
    });
    category("employment_by_skill", "skill", [lf](int, int i, int s) {
      return lf[static_cast<std::size_t>(i)] *
             std::vector<double>{0.15, 0.5, 0.35}[static_cast<std::size_t>(s)];
    });
    country("ai_skill_premium", [](int, int) { return 0.4; });  // SF9
    global("world_ai_user_share", [](int) { return 0.15; });    // SF10
    // SF10: USA 0.446 at 2024-08, +0.1 a year. SF13: the EU four at the data's values. SF17:
    // NGA and ETH double each year, from 0.05 at 2024-06.
    const std::map<std::string, double> eu = {{"DEU", 30}, {"DNK", 50}, {"POL", 20}, {"ROU", 18}};
    country("ai_user_share", [this, eu](int t, int i) {
      const std::string& iso3 = kIso3[static_cast<std::size_t>(i)];
      if (iso3 == "USA") return 0.446 + 0.1 * (t - t_of(2024, 8)) / 12.0;
      if (eu.count(iso3)) return eu.at(iso3) / 100;
      if (iso3 == "CHN") return 0.2;
      return 0.05 * std::pow(2.0, (t - t_of(2024, 6)) / 12.0);
    });
    // SF11: readiness in the order of use. SF16: intensity (gdp / 20000)^0.7.
    const std::vector<double> readiness = {0.8, 0.5, 0.6, 0.78, 0.45, 0.4, 0.3, 0.2};
    const std::vector<double> gdp = {80000, 12000, 52000, 68000, 22000, 18000, 2000, 1000};
    country("readiness",
            [readiness](int, int i) { return readiness[static_cast<std::size_t>(i)]; });
    country("gdp_per_capita_usd", [gdp](int, int i) { return gdp[static_cast<std::size_t>(i)]; });
    country("ai_use_intensity",
            [gdp](int, int i) { return std::pow(gdp[static_cast<std::size_t>(i)] / 20000, 0.7); });
    // SF18: users earn 10% more, rising by 0.5% to 2026-01.
    wage([](int t, int, int, int, int u) {
      return u == 1 ? 50000.0 : 55000.0 * (1 + 0.005 * std::min(t, t_of(2026)) / t_of(2026));
    });
    // SF19: the data's values.
    const std::vector<double> flow = {1.0, 0.1, 0.5, 2.0, -0.2, -0.5, -1.0, -0.8};
    country("ai_talent_net_flow", [flow](int, int i) { return flow[static_cast<std::size_t>(i)]; });
  }
};

// Observed data to compare the synthetic run with (the real files are tested elsewhere).
inline models::ObservedData synthetic_observed() {
  models::ObservedData o;
  o.dir = "synthetic-data";
  o.sha256 = "synthetic";
  o.investment = {{2023, {0.694, 0.091, 1}}, {2024, {0.72, 0.06, 1}}, {2025, {0.83, 0.04, 1}}};
  // JPN is not a run country: dropped before the shares are renormalised.
  o.compute_2023_12 = {{"USA", 0.7}, {"CHN", 0.2}, {"DEU", 0.1}, {"JPN", 3}};
  o.compute_2025_06 = {{"USA", 3.6}, {"CHN", 0.7}, {"DEU", 0.7}, {"JPN", 9}};
  o.us_use_2024_08 = 44.6;
  o.us_use_2025_08 = 54.6;
  o.eu_individual_use = {{"DEU", 30}, {"DNK", 50}, {"POL", 20}, {"ROU", 18}, {"NOR", 56}};
  o.eu_enterprise_use_2024 = 13.5;
  o.eu_enterprise_use_2025 = 20.0;
  o.eu_enterprise_use_by_country_2024 = {{"DNK", 27.6}, {"DEU", 20}, {"POL", 5.9}, {"ROU", 3.1}};
  o.eu_enterprise_use_by_country_2025 = {{"DNK", 42}, {"DEU", 25}, {"POL", 8.4}, {"ROU", 5.2}};
  o.us_firm_use_2023_09 = 3.7;
  o.us_firm_use_2025_09 = 10.0;
  o.aui_2025_08 = {{"USA", 3.0}, {"DNK", 2.5}, {"DEU", 2.0}, {"POL", 1.0},
                   {"ROU", 0.8}, {"NGA", 0.2}, {"ETH", 0.1}, {"ISR", 7.0}};
  o.talent_net_migration = {{"USA", 1.0},  {"DEU", 0.5},  {"DNK", 2.0},  {"POL", -0.2},
                            {"ROU", -0.5}, {"NGA", -1.0}, {"ETH", -0.8}, {"LUX", 8.9}};
  o.talent_concentration = {"USA", "DEU", "DNK", "GBR"};
  return o;
}

}  // namespace test_facts
