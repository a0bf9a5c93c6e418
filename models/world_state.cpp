// The world's state as checkpoint sections: one list of fields, read by a saver and a loader.
#include "models/world_state.hpp"

#include <cstring>
#include <string>
#include <type_traits>

#include "sim/error.hpp"

namespace models {

namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T, typename A>
struct IsVector<std::vector<T, A>> : std::true_type {};

#define AIDIVIDE_STATE(part, field) v(#part "." #field, (part).field)

// The world aggregates, the frontier and the constants fixed at tick 0.
template <typename W, typename V>
void visit_globals(W& world, V& v) {
  auto& globals = world.globals;
  AIDIVIDE_STATE(globals, frontier_compute_log10);
  AIDIVIDE_STATE(globals, frontier_capability_log10);
  AIDIVIDE_STATE(globals, open_capability_log10);
  AIDIVIDE_STATE(globals, frontier_cost_usd);
  AIDIVIDE_STATE(globals, open_lag_months);
  AIDIVIDE_STATE(globals, coverage);
  AIDIVIDE_STATE(globals, coverage_open);
  AIDIVIDE_STATE(globals, api_price);
  AIDIVIDE_STATE(globals, local_cost);
  AIDIVIDE_STATE(globals, compute_per_usd);
  AIDIVIDE_STATE(globals, k_need);
  AIDIVIDE_STATE(globals, investment_pool_usd);
  AIDIVIDE_STATE(globals, synthetic_share);
  AIDIVIDE_STATE(globals, data_work_demand);
  AIDIVIDE_STATE(globals, rule_stringency);
  AIDIVIDE_STATE(globals, frontier_capable_count);
  AIDIVIDE_STATE(globals, bloc_investment);
  AIDIVIDE_STATE(globals, d0);
  AIDIVIDE_STATE(globals, r_hic);
  AIDIVIDE_STATE(globals, k0);
  AIDIVIDE_STATE(globals, capability_history);
  AIDIVIDE_STATE(globals, world_ai_user_share);
  AIDIVIDE_STATE(globals, world_ai_tfp_gain);
  AIDIVIDE_STATE(globals, top1_investment_share);
  AIDIVIDE_STATE(globals, top5_investment_share);
  AIDIVIDE_STATE(globals, top1_compute_share);
  AIDIVIDE_STATE(globals, top5_compute_share);
  AIDIVIDE_STATE(globals, africa_investment_share);
  AIDIVIDE_STATE(globals, africa_compute_share);
  // Model v2, demand side.
  AIDIVIDE_STATE(globals, depth_world);
  AIDIVIDE_STATE(globals, depth_world0);
  AIDIVIDE_STATE(globals, world_online_user_share);
  AIDIVIDE_STATE(globals, use_norm);
  AIDIVIDE_STATE(globals, intensity_world);
  AIDIVIDE_STATE(globals, talent_intercept);
  AIDIVIDE_STATE(globals, talent_slope);

  // Model v2 supply side.
  AIDIVIDE_STATE(globals, open_lag_by_bloc);
  AIDIVIDE_STATE(globals, open_effort);
  AIDIVIDE_STATE(globals, open_effort0);
  AIDIVIDE_STATE(globals, closed_markup);
  AIDIVIDE_STATE(globals, cloud_price_usd);
  AIDIVIDE_STATE(globals, depth_world);
  AIDIVIDE_STATE(globals, depth_world0);
}

// Country columns and (country, category) tables.
template <typename W, typename V>
void visit_countries(W& world, V& v) {
  auto& countries = world.countries;
  AIDIVIDE_STATE(countries, pillar);
  AIDIVIDE_STATE(countries, spend0);
  AIDIVIDE_STATE(countries, readiness);
  AIDIVIDE_STATE(countries, internet_share);
  AIDIVIDE_STATE(countries, internet_growth);
  AIDIVIDE_STATE(countries, gdp_base);
  AIDIVIDE_STATE(countries, gdp_per_capita_usd);
  AIDIVIDE_STATE(countries, gdp_growth_base);
  AIDIVIDE_STATE(countries, gdp_growth);
  AIDIVIDE_STATE(countries, gdp_ring);
  AIDIVIDE_STATE(countries, ring);
  AIDIVIDE_STATE(countries, population);
  AIDIVIDE_STATE(countries, labour_force);
  AIDIVIDE_STATE(countries, labour_force_growth);
  AIDIVIDE_STATE(countries, language_fit);
  AIDIVIDE_STATE(countries, compute_pflops);
  AIDIVIDE_STATE(countries, compute_share);
  AIDIVIDE_STATE(countries, compute_access);
  AIDIVIDE_STATE(countries, ai_investment_usd);
  AIDIVIDE_STATE(countries, investment_share);
  AIDIVIDE_STATE(countries, ai_capital_usd);
  AIDIVIDE_STATE(countries, voice);
  AIDIVIDE_STATE(countries, voice_floor);
  AIDIVIDE_STATE(countries, compliance_cost);
  AIDIVIDE_STATE(countries, compliance_drag);
  AIDIVIDE_STATE(countries, control_tier);
  AIDIVIDE_STATE(countries, domestic_lab);
  AIDIVIDE_STATE(countries, hria_protection);
  AIDIVIDE_STATE(countries, consumer_price_base);
  AIDIVIDE_STATE(countries, policy_cost_usd);
  AIDIVIDE_STATE(countries, lever_intensity);
  AIDIVIDE_STATE(countries, lever_effort);
  AIDIVIDE_STATE(countries, lever_internet_growth);
  AIDIVIDE_STATE(countries, lever_compute_additions);
  AIDIVIDE_STATE(countries, open_lag_shift_months);
  AIDIVIDE_STATE(countries, coverage_open);
  AIDIVIDE_STATE(countries, local_cost_factor);
  AIDIVIDE_STATE(countries, finetune_bonus);
  AIDIVIDE_STATE(countries, investment_openness);
  AIDIVIDE_STATE(countries, compliance_factor);
  AIDIVIDE_STATE(countries, compliance_add);
  AIDIVIDE_STATE(countries, pilot_success_factor);
  AIDIVIDE_STATE(countries, switching_cost_factor);
  AIDIVIDE_STATE(countries, seat_rate_add);
  AIDIVIDE_STATE(countries, wage_share_add);
  AIDIVIDE_STATE(countries, seat_priority);
  AIDIVIDE_STATE(countries, tier2_cap_pflops);
  AIDIVIDE_STATE(countries, tier3_factor);
  AIDIVIDE_STATE(countries, control_tier_base);
  AIDIVIDE_STATE(countries, worker_weight);
  AIDIVIDE_STATE(countries, firm_weight);
  AIDIVIDE_STATE(countries, real_firms);
  AIDIVIDE_STATE(countries, entry_propensity);
  AIDIVIDE_STATE(countries, output_per_firm_usd);
  AIDIVIDE_STATE(countries, output_share);
  AIDIVIDE_STATE(countries, data_work_labour);
  AIDIVIDE_STATE(countries, ai_user_share);
  AIDIVIDE_STATE(countries, ai_user_share_youth);
  AIDIVIDE_STATE(countries, ai_skilled_share);
  AIDIVIDE_STATE(countries, firm_adoption_share);
  AIDIVIDE_STATE(countries, firm_production_share);
  AIDIVIDE_STATE(countries, firm_count);
  AIDIVIDE_STATE(countries, firm_adoption_all);
  AIDIVIDE_STATE(countries, firm_production_all);
  AIDIVIDE_STATE(countries, production_share_output);
  AIDIVIDE_STATE(countries, mean_firm_gain);
  AIDIVIDE_STATE(countries, production_firm_gain);
  AIDIVIDE_STATE(countries, ai_tfp_gain);
  AIDIVIDE_STATE(countries, large_firm_gain_share);
  AIDIVIDE_STATE(countries, ai_skill_premium);
  AIDIVIDE_STATE(countries, rent_outflow_usd);
  AIDIVIDE_STATE(countries, dependence);
  AIDIVIDE_STATE(countries, language_fit0);
  AIDIVIDE_STATE(countries, language_ceiling);
  AIDIVIDE_STATE(countries, language_fit_open);
  AIDIVIDE_STATE(countries, language_fit_provider);
  AIDIVIDE_STATE(countries, open_lag_country);
  AIDIVIDE_STATE(countries, accessible_capability_log10);
  AIDIVIDE_STATE(countries, compute_additions);
  AIDIVIDE_STATE(countries, cloud_pflops);
  AIDIVIDE_STATE(countries, cloud_spend_usd);
  AIDIVIDE_STATE(countries, cloud_rent_usd);
  AIDIVIDE_STATE(countries, investment_share_data);
  AIDIVIDE_STATE(countries, open_bloc_reach);
  AIDIVIDE_STATE(countries, provider_share);
  AIDIVIDE_STATE(countries, unemployed_real);
  AIDIVIDE_STATE(countries, in_training_real);
  AIDIVIDE_STATE(countries, unemployed_by_group_real);
  AIDIVIDE_STATE(countries, employment);
  AIDIVIDE_STATE(countries, employment_by_skill);
  AIDIVIDE_STATE(countries, unemployment_rate);
  AIDIVIDE_STATE(countries, mean_wage_usd);
  AIDIVIDE_STATE(countries, employment_by_sex);
  AIDIVIDE_STATE(countries, ai_user_share_by_sex);
  AIDIVIDE_STATE(countries, unemployment_rate_by_sex);
  AIDIVIDE_STATE(countries, data_work_employment);
  AIDIVIDE_STATE(countries, data_work_wage_usd);
  AIDIVIDE_STATE(countries, data_work_allocation);
  AIDIVIDE_STATE(countries, pilot_entries);
  AIDIVIDE_STATE(countries, pilot_promotions);
  AIDIVIDE_STATE(countries, pilot_abandonments);
  // Model v2, demand side.
  AIDIVIDE_STATE(countries, ai_user_share_online);
  AIDIVIDE_STATE(countries, use_country_term);
  AIDIVIDE_STATE(countries, depth_factor);
  AIDIVIDE_STATE(countries, heavy_use_spend_share);
  AIDIVIDE_STATE(countries, use_depth);
  AIDIVIDE_STATE(countries, ai_use_intensity);
  AIDIVIDE_STATE(countries, unemployment_rate_all);
  AIDIVIDE_STATE(countries, mean_wage_usd_by_use);
  AIDIVIDE_STATE(countries, talent_flow_data);
  AIDIVIDE_STATE(countries, talent_flow);
  AIDIVIDE_STATE(countries, skilled_weight_factor);
  AIDIVIDE_STATE(countries, ai_talent_net_flow);
}

// Agent columns: workers and firms.
template <typename W, typename V>
void visit_agents(W& world, V& v) {
  auto& workers = world.workers;
  AIDIVIDE_STATE(workers, skill);
  AIDIVIDE_STATE(workers, sex);
  AIDIVIDE_STATE(workers, youth);
  AIDIVIDE_STATE(workers, occupation);
  AIDIVIDE_STATE(workers, status);
  AIDIVIDE_STATE(workers, months_in_status);
  AIDIVIDE_STATE(workers, online);
  AIDIVIDE_STATE(workers, uses_ai);
  AIDIVIDE_STATE(workers, ai_skill);

  auto& firms = world.firms;
  AIDIVIDE_STATE(firms, stage);
  AIDIVIDE_STATE(firms, provider);
  AIDIVIDE_STATE(firms, intangible);
  AIDIVIDE_STATE(firms, firm_gain);
}

// Per-tick rates that the agent phases read.
template <typename W, typename V>
void visit_rates(W& world, V& v) {
  auto& firm_rates = world.firm_rates;
  AIDIVIDE_STATE(firm_rates, p_entry);
  AIDIVIDE_STATE(firm_rates, provider_cum);
  AIDIVIDE_STATE(firm_rates, p_pilot_event);
  AIDIVIDE_STATE(firm_rates, success_share);
  AIDIVIDE_STATE(firm_rates, provider_gain);
  AIDIVIDE_STATE(firm_rates, switch_to);
  AIDIVIDE_STATE(firm_rates, p_reconsider);
  AIDIVIDE_STATE(firm_rates, z_eq);
  AIDIVIDE_STATE(firm_rates, z_keep);

  auto& worker_rates = world.worker_rates;
  AIDIVIDE_STATE(worker_rates, p_online);
  AIDIVIDE_STATE(worker_rates, p_use);
  AIDIVIDE_STATE(worker_rates, p_displace);
  AIDIVIDE_STATE(worker_rates, p_leave_unemployed);
  AIDIVIDE_STATE(worker_rates, rehire_share);
  AIDIVIDE_STATE(worker_rates, p_data_work_employed);
  AIDIVIDE_STATE(worker_rates, p_leave_priority);
  AIDIVIDE_STATE(worker_rates, rehire_share_priority);
  AIDIVIDE_STATE(worker_rates, p_youth_exit);
  AIDIVIDE_STATE(worker_rates, retrain_success);
  AIDIVIDE_STATE(worker_rates, training_months);
  AIDIVIDE_STATE(worker_rates, months_per_tick);
  AIDIVIDE_STATE(worker_rates, p_use_class);
  AIDIVIDE_STATE(worker_rates, hire_share);
  AIDIVIDE_STATE(worker_rates, hire_share_priority);
  AIDIVIDE_STATE(worker_rates, p_leave_trained);
  AIDIVIDE_STATE(worker_rates, rehire_share_trained);
  AIDIVIDE_STATE(worker_rates, p_churn);
}

// Partial sums of the last agent phases, folded by `aggregate`, and the tick.
template <typename W, typename V>
void visit_tallies(W& world, V& v) {
  AIDIVIDE_STATE(world, worker_tallies);
  AIDIVIDE_STATE(world, firm_tallies);
  AIDIVIDE_STATE(world, tick);
}

// Every field of the world that a tick reads and may have changed, named "<part>.<field>".
// The saver and the loader walk this one list, so a field added here is saved and restored alike;
// the exact-restart tests (tests/app/cmd_resume_test.cpp) fail when a field that matters is
// missing.
template <typename W, typename V>
void visit_state(W& world, V& v) {
  visit_globals(world, v);
  visit_countries(world, v);
  visit_agents(world, v);
  visit_rates(world, v);
  visit_tallies(world, v);
}
#undef AIDIVIDE_STATE

std::string indexed(std::string_view name, std::size_t i) {
  return std::string(name) + "." + std::to_string(i);
}

struct Saver {
  sim::CheckpointWriter& out;

  template <typename T>
  void operator()(std::string_view name, const T& x) {
    if constexpr (std::is_arithmetic_v<T>) {
      out.put_value(name, x);
    } else if constexpr (IsVector<typename T::value_type>::value) {
      for (std::size_t i = 0; i < x.size(); ++i) (*this)(indexed(name, i), x[i]);
    } else if constexpr (std::is_arithmetic_v<typename T::value_type>) {
      out.put(name, std::span<const typename T::value_type>(x.data(), x.size()));
    } else {
      static_assert(std::is_trivially_copyable_v<typename T::value_type>);
      out.put_text(name, std::string_view(reinterpret_cast<const char*>(x.data()),
                                          x.size() * sizeof(typename T::value_type)));
    }
  }
};

struct Loader {
  const sim::CheckpointReader& in;

  template <typename T>
  void operator()(std::string_view name, T& x) {
    using sim::InputError;
    if constexpr (std::is_arithmetic_v<T>) {
      x = in.value<T>(name);
    } else if constexpr (IsVector<typename T::value_type>::value) {
      for (std::size_t i = 0; i < x.size(); ++i) (*this)(indexed(name, i), x[i]);
    } else if constexpr (std::is_arithmetic_v<typename T::value_type>) {
      using E = typename T::value_type;
      // Agent columns keep the size make_world gave them (the read checks it); country columns
      // and histories take the saved size (some grow during a run).
      if constexpr (std::is_same_v<T, std::vector<E>>) x.resize(in.count<E>(name));
      in.read(name, std::span<E>(x.data(), x.size()));
    } else {
      using E = typename T::value_type;
      const std::string bytes = in.text(name);
      if (bytes.size() != x.size() * sizeof(E)) {
        throw InputError(sim::InputKind::kIo, sim::SourceLocation{in.path(), 0, 0}, "",
                         "checkpoint: section '" + std::string(name) + "' has " +
                             std::to_string(bytes.size()) + " bytes, not " +
                             std::to_string(x.size() * sizeof(E)));
      }
      std::memcpy(static_cast<void*>(x.data()), bytes.data(), bytes.size());
    }
  }
};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += n + ",";
  return out;
}

}  // namespace

void save_world_state(const World& world, sim::CheckpointWriter& out) {
  const Countries& k = world.countries;
  out.put_text("layout.countries", joined(k.iso3));
  out.put<std::uint32_t>("layout.worker_offset", k.worker_offset);
  out.put<std::uint32_t>("layout.firm_offset", k.firm_offset);
  out.put_value("layout.member_seed", world.member_seed);
  Saver saver{out};
  visit_state(world, saver);
}

void load_world_state(World& world, const sim::CheckpointReader& in) {
  const Countries& k = world.countries;
  auto refuse = [&](const std::string& what) {
    throw sim::InputError(sim::InputKind::kIo, sim::SourceLocation{in.path(), 0, 0}, "",
                          "checkpoint: " + what);
  };
  if (in.text("layout.countries") != joined(k.iso3)) {
    refuse("its countries are not the scenario's (population.countries or the data differ)");
  }
  auto offsets = [&](const char* name) {
    std::vector<std::uint32_t> v(in.count<std::uint32_t>(name));
    in.read(name, std::span<std::uint32_t>(v));
    return v;
  };
  if (offsets("layout.worker_offset") != k.worker_offset ||
      offsets("layout.firm_offset") != k.firm_offset) {
    refuse("its agents per country are not the scenario's (population.* or the data differ)");
  }
  if (in.value<std::uint64_t>("layout.member_seed") != world.member_seed) {
    refuse("its member seed is not the run's (run.seed or run.replicate differ)");
  }
  Loader loader{in};
  visit_state(world, loader);
}

}  // namespace models
