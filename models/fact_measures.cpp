// Group means, date conventions and cross-country statistics of the patterns.
#include "models/fact_measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace models::facts {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> kCountryDims = {"time", "country"};
const std::vector<std::string> kSizeDims = {"time", "country", "size_class"};

// Value of a (time, country[, category]) array.
double at(const sim::H5Array& a, int t, int c, int k = 0) {
  std::size_t i = static_cast<std::size_t>(t) * a.shape[1] + static_cast<std::size_t>(c);
  if (a.shape.size() == 3) i = i * a.shape[2] + static_cast<std::size_t>(k);
  return a.values.at(i);
}

std::vector<int> group_countries(const RunData& r, const Groups& groups) {
  std::vector<int> out;
  for (int c = 0; c < r.countries(); ++c) {
    if (in_groups(r, c, groups)) out.push_back(c);
  }
  return out;
}

}  // namespace

const Groups& high_income() {
  static const Groups g = {"high"};
  return g;
}

bool in_groups(const RunData& r, int c, const Groups& groups) {
  return std::find(groups.begin(), groups.end(), r.income_group()[c]) != groups.end();
}

double countries_firm_share(const RunData& r, const std::string& var, int t,
                            const std::vector<std::string>& sizes,
                            const std::vector<int>& countries) {
  const sim::H5Array& count = r.variable("firm_count", kSizeDims);
  const sim::H5Array& share = r.variable(var, kSizeDims);
  double num = 0, den = 0;
  for (const std::string& size : sizes) {
    const int s = r.label_index("size_class", size);
    for (int c : countries) {
      num += at(count, t, c, s) * at(share, t, c, s);
      den += at(count, t, c, s);
    }
  }
  return num / den;
}

double group_firm_share(const RunData& r, const std::string& var, int t,
                        const std::vector<std::string>& sizes, const Groups& groups) {
  return countries_firm_share(r, var, t, sizes, group_countries(r, groups));
}

double group_mean(const RunData& r, const std::string& var, int t, const Groups& groups) {
  const sim::H5Array& lf = r.variable("labour_force", kCountryDims);
  const sim::H5Array& x = r.variable(var, kCountryDims);
  double num = 0, den = 0;
  for (int c : group_countries(r, groups)) {
    num += at(lf, t, c) * at(x, t, c);
    den += at(lf, t, c);
  }
  return num / den;
}

double exposed_share(const RunData& r, const Groups& groups) {
  const int t = r.record(ym(2023));
  const sim::H5Array& e = r.variable("employment", {"time", "country", "occupation"});
  const int complementary = r.label_index("occupation", "exposed_complementary");
  const int substitutable = r.label_index("occupation", "exposed_substitutable");
  const int occupations = static_cast<int>(e.shape[2]);
  double exposed = 0, total = 0;
  for (int c : group_countries(r, groups)) {
    for (int o = 0; o < occupations; ++o) {
      total += at(e, t, c, o);
      if (o == complementary || o == substitutable) exposed += at(e, t, c, o);
    }
  }
  return exposed / total;
}

double mean_over(const RunData& r, const sim::YearMonth& first, const sim::YearMonth& last,
                 const std::function<double(int)>& f) {
  const std::vector<int> ts = r.records_between(first, last);
  double sum = 0;
  for (int t : ts) sum += f(t);
  return sum / static_cast<double>(ts.size());
}

double investment_share_of_year(const RunData& r, int c, int year) {
  const sim::H5Array& inv = r.variable("ai_investment_usd", kCountryDims);
  double own = 0, world = 0;
  for (int t : r.records_between(ym(year, 1), ym(year, 12))) {
    own += at(inv, t, c);
    for (int k = 0; k < r.countries(); ++k) world += at(inv, t, k);
  }
  return own / world;
}

double africa_investment_share_of_year(const RunData& r, int year) {
  const sim::H5Array& inv = r.variable("ai_investment_usd", kCountryDims);
  const sim::H5Array& africa = r.variable("africa_investment_share", {"time"});
  double own = 0, world = 0;
  for (int t : r.records_between(ym(year, 1), ym(year, 12))) {
    double w = 0;
    for (int k = 0; k < r.countries(); ++k) w += at(inv, t, k);
    own += africa.values.at(static_cast<std::size_t>(t)) * w;
    world += w;
  }
  return own / world;
}

std::vector<int> run_countries(const RunData& r, const std::vector<std::string>& iso3) {
  std::vector<int> out;
  for (const std::string& code : iso3) {
    if (const int c = r.find_country(code); c >= 0) out.push_back(c);
  }
  return out;
}

double mean(const std::vector<double>& x) {
  if (x.empty()) return kNaN;
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double sample_sd(const std::vector<double>& x) {
  if (x.size() < 2) return kNaN;
  const double m = mean(x);
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
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

namespace {

// Pearson correlation, or NaN without spread.
double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = mean(a), mb = mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : kNaN;
}

}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || a.size() != b.size()) return kNaN;
  return pearson(ranks(a), ranks(b));
}

double ols_slope(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 2 || x.size() != y.size()) return kNaN;
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : kNaN;
}

}  // namespace models::facts
