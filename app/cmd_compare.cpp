// `aidivide compare RUN.h5 ...`: divide indices of scenarios at 2030, 2035 and 2040, their paired
// difference from the first scenario over common replicates, policy cost and gap closed per USD bn.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "models/run_data.hpp"
#include "sim/csv.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

struct Run {
  std::unique_ptr<models::RunData> data;
  std::string scenario;
  long replicate = 0, seed = 0;
  std::string draw;  // the design point's values in a sweep (a posterior draw); empty otherwise
};

// A pair key: runs of two scenarios pair when they share seed, replicate and design point.
struct PairKey {
  long seed, replicate;
  std::string draw;
  bool operator<(const PairKey& o) const {
    return std::tie(seed, replicate, draw) < std::tie(o.seed, o.replicate, o.draw);
  }
};

// The complete members of a sweep directory (its manifest.csv), each with its design point.
std::vector<std::pair<std::string, std::string>> sweep_members(const std::string& dir) {
  const std::string manifest = (std::filesystem::path(dir) / "manifest.csv").string();
  const sim::CsvTable t = sim::read_csv(manifest, sim::InputKind::kData);
  const int id = t.column("member_id"), seed = t.column("seed"), status = t.column("status");
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.text(r, status) != "complete") continue;
    std::string draw;
    for (int c = seed + 1; c < status; ++c) draw += t.text(r, c) + ";";
    out.emplace_back((std::filesystem::path(dir) / "members" / (t.text(r, id) + ".h5")).string(),
                     draw);
  }
  return out;
}

// The q-quantile of x (linear between order statistics, as R's type 7).
double quantile(std::vector<double> x, double q) {
  x.erase(std::remove_if(x.begin(), x.end(), [](double v) { return std::isnan(v); }), x.end());
  if (x.empty()) return NAN;
  std::sort(x.begin(), x.end());
  const double h = q * static_cast<double>(x.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

// "+0.012 [+0.003, +0.02]", with "≈0" when the 90% interval contains zero.
std::string fmt_interval(const std::vector<double>& x) {
  std::vector<double> finite;
  for (double v : x) {
    if (!std::isnan(v)) finite.push_back(v);
  }
  if (finite.empty()) return "-";
  double mean = 0;
  for (double v : finite) mean += v / static_cast<double>(finite.size());
  const double lo = quantile(finite, 0.05), hi = quantile(finite, 0.95);
  char b[96];
  std::snprintf(b, sizeof b, "%+.3g [%+.3g, %+.3g]%s", mean, lo, hi,
                lo <= 0 && hi >= 0 ? " ≈0" : "");
  return b;
}

// One indicator of the divide at record t of a run.
struct Metric {
  const char* code;  // column header
  const char* what;  // legend
  double (*value)(const models::RunData&, int t);
};

bool high_income(const models::RunData& r, int c) { return r.income_group()[c] == "high"; }

// Labour-force-weighted mean of a country variable over the non-high-income countries.
double developing_mean(const models::RunData& r, const char* name, int t) {
  double num = 0, den = 0;
  for (int c = 0; c < r.countries(); ++c) {
    if (high_income(r, c)) continue;
    const double w = r.value("labour_force", t, c);
    num += w * r.value(name, t, c);
    den += w;
  }
  return den > 0 ? num / den : NAN;
}

double sum_category(const models::RunData& r, const char* name, int t, int k) {
  double s = 0;
  for (int c = 0; c < r.countries(); ++c) s += r.value(name, t, c, k);
  return s;
}

const std::vector<Metric>& metrics() {
  static const std::vector<Metric> list = {
      {"theil_use", "Theil T of AI use between income groups",
       [](const models::RunData& r, int t) { return r.value("theil_between_ai_user_share", t); }},
      {"gap_use", "high minus low income AI use share",
       [](const models::RunData& r, int t) { return r.value("gap_high_low_ai_user_share", t); }},
      {"gap_prod", "high minus low income share of firms in AI production",
       [](const models::RunData& r, int t) {
         return r.value("gap_high_low_firm_production_all", t);
       }},
      {"gap_gain", "high minus low income AI TFP gain",
       [](const models::RunData& r, int t) { return r.value("gap_high_low_ai_tfp_gain", t); }},
      {"depend", "dependence on foreign providers, non-high-income mean",
       [](const models::RunData& r, int t) { return developing_mean(r, "dependence", t); }},
      {"rent_bn", "rent outflow of non-high-income countries, USD bn/yr",
       [](const models::RunData& r, int t) {
         double s = 0;
         for (int c = 0; c < r.countries(); ++c) {
           if (!high_income(r, c)) s += r.value("rent_outflow_usd", t, c);
         }
         return s / 1e9;
       }},
      {"emp_low_m", "employed, low skill, million",
       [](const models::RunData& r, int t) {
         return sum_category(r, "employment_by_skill", t, 0) / 1e6;
       }},
      {"emp_mid_m", "employed, mid skill, million",
       [](const models::RunData& r, int t) {
         return sum_category(r, "employment_by_skill", t, 1) / 1e6;
       }},
      {"emp_high_m", "employed, high skill, million",
       [](const models::RunData& r, int t) {
         return sum_category(r, "employment_by_skill", t, 2) / 1e6;
       }},
      {"emp_f_m", "employed women, million",
       [](const models::RunData& r, int t) {
         return sum_category(r, "employment_by_sex", t, 0) / 1e6;
       }},
      {"emp_m_m", "employed men, million",
       [](const models::RunData& r, int t) {
         return sum_category(r, "employment_by_sex", t, 1) / 1e6;
       }},
      {"cost_bn", "cumulative policy cost since the start, USD bn",
       [](const models::RunData& r, int t) {
         double s = 0;
         for (int u = 0; u <= t; ++u) {
           for (int c = 0; c < r.countries(); ++c) s += r.value("policy_cost_usd", u, c);
         }
         return s / 1e9;
       }},
  };
  return list;
}

// The last record within `year`, or -1.
int record_in_year(const models::RunData& r, int year) {
  for (int m = 12; m >= 1; --m) {
    try {
      return r.record(sim::YearMonth{year, m});
    } catch (const sim::InputError&) {
    }
  }
  return -1;
}

std::string fmt(double v) {
  char b[32];
  if (std::isnan(v)) return "nan";
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

std::string fmt_diff(double mean, double sd, int n) {
  char b[48];
  if (std::isnan(mean)) return "-";
  if (n > 1) {
    std::snprintf(b, sizeof b, "%+.3g±%.2g", mean, sd);
  } else {
    std::snprintf(b, sizeof b, "%+.3g", mean);
  }
  return b;
}

// Prints rows as columns: the first left-aligned, the others right-aligned, each as wide as its
// widest cell (counted in characters: "±" is two bytes).
void print_table(const std::vector<std::vector<std::string>>& rows) {
  const auto width = [](const std::string& cell) {
    return std::count_if(cell.begin(), cell.end(), [](char ch) { return (ch & 0xC0) != 0x80; });
  };
  std::vector<long> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(static_cast<std::size_t>(widths[i] - width(row[i])), ' ');
      line += i == 0 ? row[i] + pad : "  " + pad + row[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
}

void mean_sd(const std::vector<double>& x, double& mean, double& sd) {
  mean = NAN, sd = NAN;
  if (x.empty()) return;
  double s = 0;
  for (double v : x) s += v;
  mean = s / x.size();
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  sd = x.size() > 1 ? std::sqrt(ss / (x.size() - 1)) : 0.0;
}

}  // namespace

int cmd_compare(int argc, char** argv) {
  CommandLine cli(
      "compare",
      "usage: aidivide compare RUN.h5|SWEEP_DIR [RUN2.h5 ...] [--years 2030,2035,2040]\n"
      "                        [--intervals]\n\n"
      "Groups runs by scenario_name (the first run's scenario is the reference) and pairs them\n"
      "by replicate. For each year prints each scenario's divide indices (mean over its runs),\n"
      "then the paired difference from the reference with its standard deviation over\n"
      "replicates (common random numbers make it sharp), the cumulative policy cost and the\n"
      "AI-use gap closed per USD bn. A sweep directory in place of a run adds its complete\n"
      "members (a posterior predictive ensemble: posterior draws x scenarios x replicates), pairs\n"
      "them by draw and replicate, and prints each difference as mean [5%, 95%] over draws\n"
      "and replicates together, marked ≈0 when the 90% interval contains zero (as does\n"
      "--intervals for plain runs). Exit 2 when a run cannot be read.\n\n");
  std::vector<std::string> files;
  std::string years_text = "2030,2035,2040";
  cli.options().add_options()("years", po::value(&years_text)->default_value(years_text),
                              "comma-separated years (the last record of each)")(
      "intervals", "print 90% intervals of the paired differences instead of the sd");
  cli.positional_list("RUN.h5", &files);
  if (const auto status = cli.parse(argc, argv)) return *status;
  std::vector<int> years;
  for (std::size_t at = 0; at <= years_text.size();) {
    const std::size_t comma = std::min(years_text.find(',', at), years_text.size());
    // Each item must be a whole year: "20x0" is refused, not read as 20.
    int year = 0;
    const char* first = years_text.data() + at;
    const char* last = years_text.data() + comma;
    const auto [end, error] = std::from_chars(first, last, year);
    if (error != std::errc() || end != last || year < 1 || year > 9999) {
      std::cerr << "aidivide compare: --years: expected years like 2030,2040 (got " << years_text
                << ")\n";
      return kExitBadInput;
    }
    years.push_back(year);
    at = comma + 1;
  }
  try {
    std::vector<Run> runs;
    std::vector<std::string> order;  // scenarios in order of first appearance
    std::vector<std::pair<std::string, std::string>> inputs;
    bool any_sweep = false;
    for (const std::string& f : files) {
      if (!std::filesystem::is_directory(f)) {
        inputs.emplace_back(f, "");
        continue;
      }
      any_sweep = true;
      for (auto& m : sweep_members(f)) inputs.push_back(std::move(m));
    }
    if (inputs.empty()) {
      std::cerr << "aidivide compare: the sweep directory holds no complete member\n";
      return kExitBadInput;
    }
    const bool intervals = cli.has("intervals") || any_sweep;
    for (const auto& [f, draw] : inputs) {
      Run r;
      r.draw = draw;
      r.data = std::make_unique<models::RunData>(f);
      sim::H5Reader reader(f);
      r.scenario = reader.attribute("scenario_name").value_or(f);
      r.replicate = std::stol(reader.attribute("replicate").value_or("0"));
      r.seed = std::stol(reader.attribute("seed").value_or("0"));
      if (std::find(order.begin(), order.end(), r.scenario) == order.end()) {
        order.push_back(r.scenario);
      }
      runs.push_back(std::move(r));
    }
    const auto& ms = metrics();
    std::cout << "reference: " << order[0] << "; differences are paired over common (seed, "
              << (intervals ? "replicate, design point), mean [90% interval] over pairs; ≈0: the "
                              "interval contains 0, not distinguishable from zero\n"
                            : "replicate), mean±sd over pairs\n");
    for (const Metric& m : ms) std::cout << "  " << m.code << ": " << m.what << "\n";
    std::cout << "  gap_per_bn: AI-use gap closed per USD bn of cumulative policy cost\n";
    for (const int year : years) {
      // value[scenario][(seed, replicate)][metric]
      std::map<std::string, std::map<PairKey, std::vector<double>>> value;
      for (const Run& r : runs) {
        const int t = record_in_year(*r.data, year);
        if (t < 0) continue;
        std::vector<double> v;
        v.reserve(ms.size());
        for (const Metric& m : ms) v.push_back(m.value(*r.data, t));
        value[r.scenario][{r.seed, r.replicate, r.draw}] = v;
      }
      if (value.empty()) continue;
      std::cout << "\n== " << year << " ==\n";
      std::vector<std::vector<std::string>> table = {{"scenario", "runs"}};
      for (const Metric& m : ms) table[0].emplace_back(m.code);
      for (const std::string& s : order) {
        const auto& byrep = value[s];
        std::vector<std::string> row = {s, std::to_string(byrep.size())};
        for (std::size_t i = 0; i < ms.size(); ++i) {
          std::vector<double> x;
          for (const auto& [key, v] : byrep) x.push_back(v[i]);
          double mean, sd;
          mean_sd(x, mean, sd);
          row.push_back(fmt(mean));
        }
        table.push_back(std::move(row));
      }
      print_table(table);
      std::cout << "difference from " << order[0] << " (paired)\n";
      table = {{"scenario", "prs"}};
      for (const Metric& m : ms) table[0].emplace_back(m.code);
      table[0].emplace_back("gap_per_bn");
      const auto& ref = value[order[0]];
      for (std::size_t si = 1; si < order.size(); ++si) {
        const auto& byrep = value[order[si]];
        std::vector<std::vector<double>> diffs(ms.size() + 1);
        for (const auto& [key, v] : byrep) {
          const auto it = ref.find(key);
          if (it == ref.end()) continue;
          for (std::size_t i = 0; i < ms.size(); ++i) diffs[i].push_back(v[i] - it->second[i]);
          // Gap closed (reference gap minus this gap) per USD bn of extra cost.
          const double closed = it->second[1] - v[1];
          const double cost = v[ms.size() - 1] - it->second[ms.size() - 1];
          diffs[ms.size()].push_back(cost > 0 ? closed / cost : NAN);
        }
        const int n = static_cast<int>(diffs[0].size());
        std::vector<std::string> row = {order[si], std::to_string(n)};
        for (std::size_t i = 0; i <= ms.size(); ++i) {
          double mean, sd;
          mean_sd(diffs[i], mean, sd);
          row.push_back(intervals && n > 1 ? fmt_interval(diffs[i]) : fmt_diff(mean, sd, n));
        }
        table.push_back(std::move(row));
      }
      print_table(table);
      std::cout.flush();
    }
    return kExitOk;
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide compare: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace app
