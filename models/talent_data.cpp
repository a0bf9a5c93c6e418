// M8: LinkedIn net AI-talent migration and the talent flow of phase 4.
#include "models/talent_data.hpp"

#include <cmath>
#include <set>
#include <vector>

#include "models/phases.hpp"

namespace models {

namespace {

// Compute per worker of every country and of the world (state of the last tick).
double world_compute_per_worker(const Countries& k) {
  double compute = 0, labour = 0;
  for (int c = 0; c < k.n; ++c) compute += k.compute_pflops[c], labour += k.labour_force[c];
  return labour > 0 ? compute / labour : 0.0;
}

double log_compute_gap(const Countries& k, int c, double world) {
  const double own = k.compute_pflops[c] / k.labour_force[c];
  return own > 0 && world > 0 ? std::log(own / world) : 0.0;
}

}  // namespace

std::map<std::string, double> read_talent_flows(const sim::CsvTable& migration,
                                                const sim::CsvTable& concentration) {
  // Mean net migration per 10,000 members over 2019-2024.
  std::map<std::string, std::pair<double, int>> net;
  const int m_iso3 = migration.column("iso3"), m_year = migration.column("year");
  const int m_net = migration.column("net_ai_talent_migration_per_10k_members");
  for (std::size_t r = 0; r < migration.size(); ++r) {
    const long long year = migration.integer(r, m_year);
    if (year < 2019 || year > 2024 || migration.empty(r, m_net)) continue;
    auto& [sum, n] = net[migration.text(r, m_iso3)];
    sum += migration.number(r, m_net);
    ++n;
  }
  // Concentration: the latest year up to 2023, mean over the sexes present.
  struct Latest {
    long long year = -1;
    double sum = 0;
    int n = 0;
  };
  std::map<std::string, Latest> latest;
  const int c_iso3 = concentration.column("iso3"), c_year = concentration.column("year");
  const int c_pct = concentration.column("ai_talent_concentration_pct");
  for (std::size_t r = 0; r < concentration.size(); ++r) {
    const long long year = concentration.integer(r, c_year);
    if (year > 2023 || concentration.empty(r, c_pct)) continue;
    const double pct = concentration.number(r, c_pct);
    if (pct <= 0) concentration.fail(r, c_pct, "must be positive");
    Latest& l = latest[concentration.text(r, c_iso3)];
    if (year > l.year) l = Latest{year, 0, 0};
    if (year == l.year) l.sum += pct, ++l.n;
  }
  std::map<std::string, double> flows;
  for (const auto& [iso3, value] : net) {
    const auto it = latest.find(iso3);
    if (it == latest.end() || value.second == 0) continue;
    const double per_10k = value.first / value.second;
    const double pct = it->second.sum / it->second.n;
    flows[iso3] = (per_10k / 1e4) / (pct / 100.0);
  }
  return flows;
}

void fit_talent_flow(World& world) {
  const Countries& k = world.countries;
  const double w = world_compute_per_worker(k);
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int c = 0; c < k.n; ++c) {
    if (std::isnan(k.talent_flow_data[c])) continue;
    const double x = log_compute_gap(k, c, w), y = k.talent_flow_data[c];
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  Globals& g = world.globals;
  const double var = n * sxx - sx * sx;
  g.talent_slope = n >= 3 && var > 0 ? (n * sxy - sx * sy) / var : 0.0;
  g.talent_intercept = n > 0 ? (sy - g.talent_slope * sx) / n : 0.0;
}

void apply_talent_flow(const Params& params, World& world, const TickContext& ctx) {
  Countries& k = world.countries;
  const Globals& g = world.globals;
  const double w = world_compute_per_worker(k);
  // The labour-force-weighted world premium, the reference of the premium gap.
  double premium = 0, labour = 0;
  for (int c = 0; c < k.n; ++c) {
    premium += k.labour_force[c] * k.ai_skill_premium[c];
    labour += k.labour_force[c];
  }
  premium = labour > 0 ? premium / labour : 0.0;
  const bool data_period = ctx.month < YearMonth{2025, 1};
  for (int c = 0; c < k.n; ++c) {
    const bool has_data = !std::isnan(k.talent_flow_data[c]);
    const double flow =
        data_period && has_data
            ? k.talent_flow_data[c]
            : g.talent_intercept + g.talent_slope * log_compute_gap(k, c, w) +
                  params.workers.talent_premium_effect * (k.ai_skill_premium[c] - premium);
    k.talent_flow[c] = flow;
    // The AI-skilled (t - 1) move: their weight, and with them the labour force and population.
    const double skilled = k.ai_skilled_share[c] * k.labour_force[c];
    const double factor = std::exp(flow * ctx.dt);
    k.skilled_weight_factor[c] *= factor;
    const double added = skilled * (factor - 1.0);
    k.population[c] *= (k.labour_force[c] + added) / k.labour_force[c];
    k.labour_force[c] += added;
    k.ai_talent_net_flow[c] = flow * k.ai_skilled_share[c] * 1e4;
  }
}

}  // namespace models
