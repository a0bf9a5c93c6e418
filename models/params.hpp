// The parameter tree: every model and run setting with its default, unit, range and source.
//
// The YAML key path of a field is its path in this tree (`technology.cost_growth`). Each section
// lists its fields once, in `visit`, which serves loading, `--set`, printing and the docs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/levers.hpp"
#include "sim/field_meta.hpp"
#include "sim/year_month.hpp"

namespace models {

using sim::FieldMeta;
using sim::YearMonth;
using StringList = std::vector<std::string>;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct TimeParams {
  YearMonth start{2023, 1};
  YearMonth end{2040, 12};
  std::int64_t months_per_tick = 1;

  template <class V>
  void visit(V& v) {
    v("start", start, {"YYYY-MM", 2023, 2100, "", "first simulated month (the data's vintage)"});
    v("end", end, {"YYYY-MM", 2023, 2100, "", "last simulated month, inclusive"});
    v("months_per_tick", months_per_tick, {"months", 1, 12, "", "length of one tick"});
  }
};

struct PopulationParams {
  std::int64_t workers = 1000000;
  std::int64_t firms = 100000;
  std::int64_t min_workers_per_country = 200;
  std::int64_t min_firms_per_country = 40;
  StringList countries;  // empty: every usable economy

  template <class V>
  void visit(V& v) {
    v("workers", workers, {"agents", 1, 4e9, "", "worker agents, split by labour force"});
    v("firms", firms, {"agents", 1, 1e9, "", "firm agents, split by firm counts"});
    v("min_workers_per_country", min_workers_per_country,
      {"agents", 1, 1e7, "", "floor of worker agents per country"});
    v("min_firms_per_country", min_firms_per_country,
      {"agents", 4, 1e7, "", "floor of firm agents per country (at least one per size class)"});
    v("countries", countries,
      {"ISO3 list", 0, 0, "", "model countries; empty means every usable economy"});
  }
};

struct RunParams {
  std::int64_t seed = 1;
  std::int64_t replicate = 0;

  template <class V>
  void visit(V& v) {
    v("seed", seed, {"", 0, 9.007199254740992e15, "", "root seed of the random streams"});
    v("replicate", replicate, {"", 0, 1e9, "", "replicate index (with the seed, the member seed)"});
  }
};

struct DataParams {
  std::string dir;  // empty: AIDIVIDE_DATA, else the project's data/ directory

  template <class V>
  void visit(V& v) {
    v("dir", dir, {"path", 0, 0, "", "calibration data directory, relative to the scenario file"});
  }
};

struct OutputParams {
  std::int64_t every = 1;
  std::int64_t chunk_records = 12;
  std::int64_t compression = 1;
  std::string dtype = "float64";
  StringList variables;  // empty: all

  template <class V>
  void visit(V& v) {
    v("every", every, {"ticks", 1, 1200, "", "write a record every this many ticks"});
    v("chunk_records", chunk_records, {"records", 1, 1200, "", "records per HDF5 chunk"});
    v("compression", compression, {"deflate level", 0, 9, "", "0 none, 9 smallest"});
    v("dtype", dtype, {"float64|float32", 0, 0, "", "storage type of the model variables"});
    v("variables", variables, {"names", 0, 0, "", "variables to write; empty means all"});
  }
};

struct TechnologyParams {
  double compute0_log10 = 25.3;
  double frontier_cost0_usd = 69.8e6;
  double cost_growth = 2.4;
  double compute_growth = 4.6;
  double algorithmic_efficiency = 2.8;
  double frontier_budget_share = 0.1;
  double coverage_mid = 29.7;
  double coverage_scale = 3.2;
  double price_decline_per_year = 0.6;
  double compute_per_usd0 = 4.0e-6;
  double compute_per_usd_growth = 1.33;
  double synthetic_share_2023 = 0.1;
  double synthetic_share_2035 = 0.8;
  // Model v2 supply side (MODEL.md section 9, M4, M5, M12).
  double open_lag0_us_months = 4.0;
  double open_lag0_extra_months = 2.0;
  double open_lag_eta = 0.5;
  double open_lag_tau_years = 1.0;
  double price_markup_mu = 0.3;
  double language_ceiling_gap = 0.5;
  double language_closed_rate = 0.15;
  double open_fit0_ratio = 0.9;
  double open_adapt_rate = 0.1;

  template <class V>
  void visit(V& v) {
    v("compute0_log10", compute0_log10,
      {"log10 FLOP", 20, 30, "[D]", "largest training run at 2023-01 (GPT-4 class)"});
    v("frontier_cost0_usd", frontier_cost0_usd,
      {"USD 2021", 1e6, 1e9, "[V]", "cost of the largest run at 2023-01 (78.4e6 nominal 2023)"});
    v("cost_growth", cost_growth, {"x/yr", 1, 10, "[V]", "growth of the frontier cost trend"});
    v("compute_growth", compute_growth,
      {"x/yr", 1, 20, "[V]", "growth of frontier training compute when the trend is paid"});
    v("algorithmic_efficiency", algorithmic_efficiency,
      {"x/yr", 1, 10, "[V]", "effective-compute gain from algorithms"});
    v("frontier_budget_share", frontier_budget_share,
      {"1", 0.001, 1, "[A]", "largest share of one bloc's yearly AI investment one run may cost"});
    v("coverage_mid", coverage_mid,
      {"log10 FLOP", 20, 50, "[A] calibrated", "capability at which coverage is one half"});
    v("coverage_scale", coverage_scale,
      {"log10 FLOP", 0.1, 20, "[A] calibrated", "logistic width of coverage in capability"});
    v("price_decline_per_year", price_decline_per_year,
      {"1/yr", 0, 0.99, "[A]", "yearly fall of the closed frontier-tier price index"});
    v("compute_per_usd0", compute_per_usd0,
      {"PFLOP/s per USD", 1e-12, 1e-2,
       "[D] about 40,000 USD per H100 system, times 0.15 (the Epoch records hold 10-20% of "
       "AI compute)",
       "Epoch-recorded 16-bit PFLOP/s bought per dollar of capex at 2023-01"});
    v("compute_per_usd_growth", compute_per_usd_growth,
      {"x/yr", 1, 3, "[V]", "price-performance growth (doubling every 2.46 years)"});
    v("synthetic_share_2023", synthetic_share_2023,
      {"1", 0.001, 0.999, "[A]", "share of training data that is synthetic in 2023"});
    v("synthetic_share_2035", synthetic_share_2035,
      {"1", 0.001, 0.999, "[A]", "share of training data that is synthetic in 2035"});
    v("open_lag0_us_months", open_lag0_us_months,
      {"months", 0, 60, "[A] calibrated (SF2), range 2-8",
       "lag of bloc us's open weights behind the frontier at 2023-01 (L0_us)"});
    v("open_lag0_extra_months", open_lag0_extra_months,
      {"months", 0, 60, "[A]", "extra lag of bloc china and non_aligned at 2023-01"});
    v("open_lag_eta", open_lag_eta,
      {"1", 0, 5, "[A] calibrated (SF2)",
       "elasticity of a bloc's target lag to its relative open effort"});
    v("open_lag_tau_years", open_lag_tau_years,
      {"yr", 0.01, 20, "[A] calibrated (SF2)", "time constant of a bloc's lag toward its target"});
    v("price_markup_mu", price_markup_mu,
      {"1", 0, 1, "[A] sensitivity (no price series to fit)",
       "closed price mark-up exponent on the world open lag over 4 months"});
    v("language_ceiling_gap", language_ceiling_gap,
      {"1", 0, 1, "[A]",
       "share of a country's 2023 language gap (1 - fit) that its ceiling leaves open"});
    v("language_closed_rate", language_closed_rate,
      {"per log10 FLOP", 0, 10, "[A]",
       "rate at which closed fit closes toward the ceiling per order of frontier capability"});
    v("open_fit0_ratio", open_fit0_ratio,
      {"1", 0, 1, "[A] (IrokoBench 2024: closed at least as good)",
       "open-weight language fit at 2023-01 over the closed fit"});
    v("open_adapt_rate", open_adapt_rate,
      {"1/yr", 0, 10, "[A]",
       "rate at which open fit closes toward the ceiling at pillar_hc 1 (local adaptation)"});
  }
};

struct CapitalParams {
  double pool_2023_usd = 92.8e9;
  double pool_2024_usd = 130.3e9;
  double investment_growth = 0.15;
  double alpha = 1.0;
  double beta = 0.5;
  double tier3_openness = 0.75;
  double capital_depreciation = 0.15;
  double capital_stock_2023_usd = 366.4e9;
  double usa_share_2023 = 0.694;
  double chn_share_2023 = 0.091;
  double compute_capex_share = 0.4;
  double compute_depreciation = 0.2;
  double compute_floor = 1.0;
  double tier2_cap_pflops = 9000.0;
  double substitute_efficiency = 0.5;
  double control_leakage = 0.2;
  double k_need0 = 2.0e-3;
  // Model v2 supply side (MODEL.md section 9, M6, M11).
  double compute_capex_share_china = 1.6;
  double cloud_markup = 1.75;
  double cloud_share = 0.2;
  double pool_2025_usd = 290.0e9;

  template <class V>
  void visit(V& v) {
    v("pool_2023_usd", pool_2023_usd, {"USD 2021/yr", 0, 1e13, "[V] AI Index", "world pool 2023"});
    v("pool_2024_usd", pool_2024_usd, {"USD 2021/yr", 0, 1e13, "[V] AI Index", "world pool 2024"});
    v("investment_growth", investment_growth,
      {"1/yr", 0, 0.45, "[A]", "continuous growth of the pool from 2026-01"});
    v("alpha", alpha, {"1", 0, 3, "[A] calibrated (SF3)", "preferential attachment to capital"});
    v("beta", beta, {"1", -10, 20, "[A] calibrated (SF3)", "attraction of readiness"});
    v("tier3_openness", tier3_openness,
      {"1", 0, 1, "[A] 0.75, not 0.3: with 0.3 SF3's USA/CHN ratio cannot reach 9-15",
       "investment openness of tier-3 countries"});
    v("capital_depreciation", capital_depreciation,
      {"1/yr", 0, 1, "[A]", "depreciation of cumulated AI investment"});
    v("capital_stock_2023_usd", capital_stock_2023_usd,
      {"USD 2021", 0, 1e14, "[D]", "world AI capital at 2023-01 (2019-2023 at 0.85/yr)"});
    v("usa_share_2023", usa_share_2023, {"1", 0, 1, "[V] AI Index", "USA share of 2023 capital"});
    v("chn_share_2023", chn_share_2023, {"1", 0, 1, "[V] AI Index", "CHN share of 2023 capital"});
    v("compute_capex_share", compute_capex_share,
      {"1", 0, 1, "[A] calibrated (Epoch: USA 2023 growth)",
       "share of AI investment of blocs us and non_aligned that adds Epoch-recorded compute"});
    v("compute_depreciation", compute_depreciation, {"1/yr", 0, 2, "[A]", "compute retirement"});
    v("compute_floor", compute_floor,
      {"16-bit PFLOP/s", 0, 1e6, "[A]", "compute of a country at tick 0 at least this"});
    v("tier2_cap_pflops", tier2_cap_pflops,
      {"16-bit PFLOP/s per yr", 0, 1e9, "[A]",
       "cap on compute additions of a tier-2 country (about 1% of the USA's 2026 additions, as "
       "in the January 2025 rule)"});
    v("substitute_efficiency", substitute_efficiency,
      {"1", 0, 1, "[V: 0.25-0.8]", "efficiency of domestic substitutes under tier 3"});
    v("control_leakage", control_leakage, {"1", 0, 1, "[A]", "controlled chips that leak through"});
    v("k_need0", k_need0,
      {"16-bit PFLOP/s per worker", 1e-12, 10, "[A]",
       "compute per worker for full access at 2023-01 (k_need scales with the world depth of "
       "use and with workers.inference_demand_growth over technology.algorithmic_efficiency)"});
    v("compute_capex_share_china", compute_capex_share_china,
      {"1", 0, 5, "[A] calibrated (SF4); above 1: capex financed outside the private pool",
       "bloc china's compute capex per dollar of its private AI investment (state funds and "
       "big-tech capex, which the AI Index pool excludes)"});
    v("cloud_markup", cloud_markup,
      {"1", 1, 10, "[A] (about 2 USD per H100-hour)",
       "cloud price over the yearly cost of owned compute (depreciation + 0.05 operation)"});
    v("cloud_share", cloud_share,
      {"1", 0, 1, "[A]", "share of open-weight firms' AI spend that rents cloud compute"});
    v("pool_2025_usd", pool_2025_usd,
      {"USD 2021/yr", 0, 1e13, "[V] AI Index 2026 (344.66e9 nominal / 1.19 CPI-U)",
       "world pool 2025; growth applies from 2026-01"});
  }
};

struct PoliticsParams {
  double compliance_scale = 0.5;

  template <class V>
  void visit(V& v) {
    v("compliance_scale", compliance_scale,
      {"1", 0, 100, "[A]", "compliance cost per unit of rule distance"});
  }
};

struct CountryParams {
  double pillar_decay = 0.1;
  double effect_p = 1.0;
  double feedback_ie = 0.05;
  double feedback_hc = 0.05;
  double tfp_pass_through = 0.5;
  double labour_share = 0.55;

  template <class V>
  void visit(V& v) {
    v("pillar_decay", pillar_decay, {"1/yr", 0.001, 5, "[A]", "decay of the AIPI pillars"});
    v("effect_p", effect_p, {"per unit/yr", 0.001, 100, "[A]", "pillar effect of one unit"});
    v("feedback_ie", feedback_ie,
      {"1/yr", 0, 10, "[A]", "innovation pillar gain per unit production share"});
    v("feedback_hc", feedback_hc,
      {"1/yr", 0, 10, "[A]", "human-capital pillar gain per unit AI-skilled share"});
    v("tfp_pass_through", tfp_pass_through,
      {"1", 0, 1, "[A]", "share of the output-weighted firm gain that reaches TFP"});
    v("labour_share", labour_share, {"1", 0.1, 1, "[A]", "labour share of GDP (mean wage)"});
  }
};

struct FirmParams {
  double p_small = 0.1;
  double q_small = 0.8;
  double p_large = 0.3;
  double q_large = 1.2;
  double rho = 1.0;
  double afford_scale = 1.0;
  double pilot_success = 0.12;
  double pilot_abandon = 0.3;
  double readiness_threshold = 0.3;
  double readiness_width = 0.1;
  double logit_scale = 5.0;
  double quality_k = 2.0;
  double sovereignty_penalty = 0.1;
  double local_cost0 = 0.5;
  double switching_cost = 0.3;
  double reconsider_rate = 0.5;
  double intangible_pilot = 0.5;
  double intangible_production = 1.0;
  double intangible_depreciation = 0.2;
  double gain_max = 0.14;
  double z_half = 1.0;
  double ai_spend_share = 0.02;
  double adopt0_large = 0.30;
  double adopt0_medium = 0.14;
  double adopt0_small = 0.07;
  double adopt0_micro = 0.04;
  double production_share0 = 0.05;
  // Model v2 supply side (MODEL.md section 9, M3).
  double high_risk_share = 0.05;
  double rho0 = 2.0;
  // Exponent of the cell's 2023 adoption over the HIC value in Bass innovation (departure 12).
  double propensity_exponent = 1.0;
  // Micro firms' Bass terms as a multiple of small firms' (departure 13; MODEL.md: 0.5).
  double micro_bass_factor = 1.0;

  template <class V>
  void visit(V& v) {
    v("p_small", p_small, {"1/yr", 0, 10, "[A] calibrated (SF5, SF6)", "Bass innovation, small"});
    v("q_small", q_small, {"1/yr", 0, 20, "[A] calibrated (SF5, SF6)", "Bass imitation, small"});
    v("p_large", p_large, {"1/yr", 0, 10, "[A] calibrated (SF5, SF6)", "Bass innovation, large"});
    v("q_large", q_large, {"1/yr", 0, 20, "[A] calibrated (SF5, SF6)", "Bass imitation, large"});
    v("rho", rho,
      {"1", 0, 10, "[A] calibrated (SF12), range 0.5-2", "exponent of R / R_HIC in entry"});
    v("afford_scale", afford_scale, {"1", 1e-6, 1e6, "[A]", "affordability at 10,000 USD GDP/cap"});
    v("pilot_success", pilot_success,
      {"1/yr", 0, 20, "[A] calibrated (SF5)", "pilot to production hazard at full fit"});
    v("pilot_abandon", pilot_abandon,
      {"1/yr", 0, 20, "[A] calibrated (SF5)", "pilot abandonment hazard"});
    v("readiness_threshold", readiness_threshold,
      {"1", 0, 1, "[A] calibrated (SF12)",
       "readiness (mean of di, hc, ie) at which the promotion gate is one half"});
    v("readiness_width", readiness_width, {"1", 0.001, 1, "[A]", "width of the depth gate"});
    v("logit_scale", logit_scale, {"1", 0, 100, "[A]", "provider choice sharpness"});
    v("quality_k", quality_k, {"1", 0, 100, "[A]", "utility of quality times fit"});
    v("sovereignty_penalty", sovereignty_penalty,
      {"1", 0, 10, "[A]", "utility cost of a foreign closed provider"});
    v("local_cost0", local_cost0,
      {"price index", 0, 100, "[A]", "cost of running open weights locally at full access, 2023"});
    v("switching_cost", switching_cost,
      {"utility", 0, 100, "[A]", "utility gain a production firm needs to switch provider"});
    v("reconsider_rate", reconsider_rate,
      {"1/yr", 0, 12, "[A]", "hazard at which a production firm reconsiders its provider"});
    v("intangible_pilot", intangible_pilot, {"Z/yr", 0, 10, "[A]", "intangible investment, pilot"});
    v("intangible_production", intangible_production,
      {"Z/yr", 0, 10, "[A]", "intangible investment, production"});
    v("intangible_depreciation", intangible_depreciation,
      {"1/yr", 0.001, 5, "[A]", "intangible depreciation"});
    v("gain_max", gain_max, {"1", 0, 1, "[V]", "largest productivity gain of a firm"});
    v("z_half", z_half, {"Z", 1e-6, 100, "[A]", "intangible at half the gain (the J-curve)"});
    v("ai_spend_share", ai_spend_share,
      {"1", 0, 1, "[A]",
       "share of output an adopter spends on AI (closed: times the mark-up; paid abroad for "
       "closed_foreign and foreign cloud)"});
    v("adopt0_large", adopt0_large, {"1", 0, 1, "[V] OECD 2023", "HIC large adopters, 2023"});
    v("adopt0_medium", adopt0_medium, {"1", 0, 1, "[V] OECD 2023", "HIC medium adopters, 2023"});
    v("adopt0_small", adopt0_small, {"1", 0, 1, "[V] OECD 2023", "HIC small adopters, 2023"});
    v("adopt0_micro", adopt0_micro, {"1", 0, 1, "[A]", "HIC micro adopters, 2023"});
    v("production_share0", production_share0,
      {"1", 0, 1, "[A]", "share of 2023 adopters in production"});
    v("propensity_exponent", propensity_exponent,
      {"1", 0, 2,
       "[D] Eurostat isoc_eb_ai 2023-2025: a country's two-year gain is 1.0 times its 2023 "
       "level (28 countries, R^2 0.52), so innovation scales with it (departure 12)",
       "exponent of a country and size class's 2023 adoption over the HIC value in Bass "
       "innovation"});
    v("micro_bass_factor", micro_bass_factor,
      {"1", 0, 2,
       "[D] Census BTOS 2023-09 to 2025-10: in all 54 cycles firms of 1-4 employees use AI at "
       "least as often as each class of 5-49 (1.2-1.7 times their mean), so no lower rate for "
       "micro firms; MODEL.md's half is 0.5 (departure 13)",
       "micro firms' Bass innovation and imitation over small firms'"});
    v("high_risk_share", high_risk_share,
      {"1", 0, 1, "[A] range 0.02-0.10 (EU AI Act high-risk class)",
       "share of entry that bears the compliance drag"});
    v("rho0", rho0,
      {"1", 0, 3, "[A] calibrated (SF12)",
       "readiness exponent of the initial adoption outside the Eurostat data"});
  }
};

struct WorkerParams {
  double users0 = 0.025;
  double displacement_rate = 0.05;
  double seat_rate = 0.01;
  std::int64_t training_months = 12;
  double training_wait = 0.5;
  double retrain_success = 0.6;
  double rehire_rate = 1.0;
  double augment = 1.0;
  double premium_max = 0.6;
  double premium_half = 0.15;
  double skill_base_low = 0.6;
  double skill_base_mid = 1.0;
  double skill_base_high = 1.8;
  double youth_exit = 0.1;
  double ai_skill0_hic = 0.03;
  double ai_skill0_other = 0.01;
  // Model v2, demand side (MODEL.md 9, M1, M2, M7, M8; docs/ODD.md 7.6).
  double q_local = 1.3;
  double q_global = 0.9;
  double language_exponent = 0.3;
  double churn = 0.4;
  double use_potential = 1.0;
  double use_mult_low_skill = 0.5;
  double use_mult_mid_skill = 1.0;
  double use_mult_high_skill = 1.7;
  double use_mult_youth = 1.8;
  double use_mult_exposed = 1.5;
  double use_hc_exponent = 0.3;
  double depth_ai_skill = 1.0;
  double depth_exposed = 1.0;
  double depth_production = 2.0;
  double heavy_use_spend_usd = 60.0;
  double inference_demand_growth = 2.9;
  double depth_budget_share = 0.01;
  double depth_price_elasticity = 0.3;
  double trained_rehire_factor = 2.0;
  double new_task_rate = 1.0;
  double talent_premium_effect = 0.02;

  template <class V>
  void visit(V& v) {
    v("users0", users0, {"1", 0, 1, "[V]", "world labour-force share using AI at 2023-01"});
    v("displacement_rate", displacement_rate,
      {"1/yr", 0, 5, "[A] not calibrated", "displacement of substitutable workers"});
    v("seat_rate", seat_rate, {"1/yr", 0, 1, "[A]", "training places per worker a year"});
    v("training_months", training_months, {"months", 1, 60, "[A]", "length of a training"});
    v("training_wait", training_wait, {"yr", 0.01, 10, "[A]", "mean wait for a free seat"});
    v("retrain_success", retrain_success, {"1", 0, 1, "[A]", "share of trainees who move"});
    v("rehire_rate", rehire_rate, {"1/yr", 0, 50, "[A]", "re-employment hazard"});
    v("augment", augment, {"1", 0, 10, "[A]", "wage gain of complementary AI users per gain"});
    v("premium_max", premium_max, {"1", 0, 5, "[A] calibrated (SF9), range 0.3-1.0", "cap"});
    v("premium_half", premium_half,
      {"1", 1e-6, 100, "[A] calibrated (SF9)", "skilled supply at which the premium halves"});
    v("skill_base_low", skill_base_low, {"1", 0, 10, "[A]", "relative wage, low skill"});
    v("skill_base_mid", skill_base_mid, {"1", 0, 10, "[A]", "relative wage, mid skill"});
    v("skill_base_high", skill_base_high, {"1", 0, 10, "[A]", "relative wage, high skill"});
    v("youth_exit", youth_exit, {"1/yr", 0, 10, "[A]", "rate of leaving the youth cohort"});
    v("ai_skill0_hic", ai_skill0_hic, {"1", 0, 1, "[A]", "AI-skilled share at 2023-01, HIC"});
    v("ai_skill0_other", ai_skill0_other, {"1", 0, 1, "[A]", "AI-skilled share elsewhere"});
    // Model v2, demand side.
    v("q_local", q_local,
      {"1/yr", 0, 20, "[A] calibrated (SF10, SF13)",
       "M1: imitation hazard per unit of the country's users among its online"});
    v("q_global", q_global,
      {"1/yr", 0, 20, "[A] calibrated (SF10, SF17)",
       "M1: imitation hazard per unit of the world's users among the world's online"});
    v("language_exponent", language_exponent,
      {"1", 0, 5, "[A] calibrated (SF13)", "M1: lambda, exponent of the best language fit"});
    v("churn", churn,
      {"1/yr", 0, 5, "[A] range 0.05-0.4", "M1: hazard at which a user stops using AI"});
    v("use_potential", use_potential,
      {"1", 0, 1, "[A] calibrated (SF10, SF13)",
       "M1: share of the online who ever take up AI (Bass's market potential)"});
    v("use_mult_low_skill", use_mult_low_skill,
      {"1", 0, 10, "[A] (RPS, Eurostat by education)", "M1: use propensity, low skill"});
    v("use_mult_mid_skill", use_mult_mid_skill,
      {"1", 0, 10, "[A] (RPS, Eurostat by education)", "M1: use propensity, mid skill"});
    v("use_mult_high_skill", use_mult_high_skill,
      {"1", 0, 10, "[A] (RPS, Eurostat by education)", "M1: use propensity, high skill"});
    v("use_mult_youth", use_mult_youth,
      {"1", 0, 10, "[A] (Eurostat 2025 by age)", "M1: use propensity of the youth cohort"});
    v("use_mult_exposed", use_mult_exposed,
      {"1", 0, 10, "[A]", "M1: use propensity of exposed occupations (and data work)"});
    v("use_hc_exponent", use_hc_exponent,
      {"1", 0, 5, "[A]", "M1: exponent of pillar_hc in the country term of the propensity"});
    v("depth_ai_skill", depth_ai_skill,
      {"1", 0, 20, "[A]", "M2: depth added by AI skill (depth x (1 + this))"});
    v("depth_exposed", depth_exposed,
      {"1", 0, 20, "[A]", "M2: depth added in exposed occupations (x (1 + this))"});
    v("depth_production", depth_production,
      {"1", 0, 100, "[A]", "M2: depth added per unit of the output-weighted production share"});
    v("heavy_use_spend_usd", heavy_use_spend_usd,
      {"USD 2021/yr", 0, 1e6, "[A] (about 300 USD a year in 2023 at coverage 0.2)",
       "M2: heavy use a year at price index 1 per covered task and 2023 tokens"});
    v("inference_demand_growth", inference_demand_growth,
      {"x/yr", 1, 20, "[A] sensitivity",
       "M2: growth of tokens per heavy user (reasoning, agents); also scales M6's k_need"});
    v("depth_budget_share", depth_budget_share,
      {"1", 1e-6, 1, "[A]", "M2: spend share of GDP per capita at which the price factor is 2^-e"});
    v("depth_price_elasticity", depth_price_elasticity,
      {"1", 0, 5, "[A] sensitivity (SF16 depth slope)",
       "M2: e, limit elasticity of depth to the price of heavy use"});
    v("trained_rehire_factor", trained_rehire_factor,
      {"1", 0, 100, "[A]", "M7: re-employment hazard of AI-skilled unemployed over the ordinary"});
    v("new_task_rate", new_task_rate,
      {"1/yr", 0, 50, "[A] not calibrated",
       "M7: new-task hiring of the unemployed at full coverage times production share"});
    v("talent_premium_effect", talent_premium_effect,
      {"1/yr", -10, 10, "[A] not fitted (no premium data)",
       "M8: talent flow (share of AI talent a year) per unit of premium gap to the world"});
  }
};

struct DataWorkParams {
  double wage_share = 0.15;
  double billed_rate_usd = 11.5;
  double hours_per_year = 2000;

  template <class V>
  void visit(V& v) {
    v("wage_share", wage_share, {"1", 0, 1, "[V]", "share of the billed rate the worker gets"});
    v("billed_rate_usd", billed_rate_usd, {"USD/h", 0, 1000, "[V]", "billed rate of data work"});
    v("hours_per_year", hours_per_year, {"h/yr", 0, 8760, "[A]", "hours of a data-work year"});
  }
};

// The calibrated history since 2022-10 that every scenario shares (MODEL.md section 6).
struct HistoryParams {
  bool china_export_controls = true;
  YearMonth open_release_date{2025, 1};
  double open_release_lag_cut_months = 3.0;
  double open_release_cost_cut = 0.3;

  template <class V>
  void visit(V& v) {
    v("china_export_controls", china_export_controls,
      {"bool", 0, 1, "[V]", "bloc china in tier 3 from the start"});
    v("open_release_date", open_release_date,
      {"YYYY-MM", 2023, 2100, "[V]", "open-weight release that cuts the lag (DeepSeek-R1)"});
    v("open_release_lag_cut_months", open_release_lag_cut_months,
      {"months", 0, 60, "[A]", "cut of the open lag at that release (deepseek_lag_cut)"});
    v("open_release_cost_cut", open_release_cost_cut,
      {"1", 0, 1, "[A]", "cut of the open local cost at that release"});
  }
};

// Effect per unit and cost of each policy lever (docs/ODD.md 7.10). Saturating levers reach
// 1 - exp(-intensity / scale) of their largest effect: the effect per unit at small intensity is
// the largest effect over the scale.
struct LeverParams {
  double open_source_scale_usd = 2.0;
  double open_source_lag_cut_months = 3.0;
  double open_source_cost_cut = 0.5;
  double open_source_finetune_gain = 0.3;
  double hub_cost_rate = 0.25;
  double data_commons_scale_usd = 5.0e7;
  double data_commons_rate = 0.2;
  double multilateral_compliance_cut = 0.3;
  double multilateral_cost_usd = 5.0e6;
  double infrastructure_di_effort = 5.0;
  double infrastructure_internet_growth = 10.0;
  double infrastructure_compute_share = 0.1;
  double soft_hc_effort = 0.002;
  double soft_seat_cost_gdp_per_capita = 0.1;
  double people_centred_re_effort = 0.1;
  double people_centred_wage_share_gain = 0.1;
  double people_centred_protection = 0.5;
  double people_centred_deployment_cost = 0.05;
  double people_centred_cost_gdp_share = 5.0e-4;
  double privacy_scale_usd = 1.0;
  double privacy_pilot_gain = 0.3;
  double privacy_compliance_cost = 0.02;
  double export_control_cost_usd = 0.0;
  double decoupling_openness_cut = 0.5;
  double decoupling_lag_add_months = 6.0;
  double portability_cost_gdp_share = 1.0e-4;
  double open_release_cost_cut_per_month = 0.1;

  template <class V>
  void visit(V& v) {
    v("open_source_scale_usd", open_source_scale_usd,
      {"USD per capita/yr", 1e-6, 1e6, "[A]",
       "open_source_access: intensity at 1 - 1/e of the largest effect"});
    v("open_source_lag_cut_months", open_source_lag_cut_months,
      {"months", 0, 60, "[A] (3 months: the 2025-01 release's cut)",
       "open_source_access: largest cut of the open lag in targeted countries"});
    v("open_source_cost_cut", open_source_cost_cut,
      {"1", 0, 0.99, "[A]", "open_source_access: largest cut of the local open-weight cost"});
    v("open_source_finetune_gain", open_source_finetune_gain,
      {"1/yr", 0, 10, "[A]",
       "open_source_access: largest rate added to open fit's adaptation toward the ceiling"});
    v("hub_cost_rate", hub_cost_rate,
      {"1/yr", 0, 10, "[A] (0.2 depreciation + 0.05 operation)",
       "regional_compute_hubs: yearly cost per dollar of hub capex"});
    v("data_commons_scale_usd", data_commons_scale_usd,
      {"USD/yr", 1, 1e12, "[A]", "data_commons: spending at 1 - 1/e of the largest rate"});
    v("data_commons_rate", data_commons_rate,
      {"1/yr", 0, 10, "[A]", "data_commons: largest rate at which language fit closes toward 1"});
    v("multilateral_compliance_cut", multilateral_compliance_cut,
      {"1", 0, 1, "[A]", "multilateral_governance: compliance-cost cut at voice floor 1"});
    v("multilateral_cost_usd", multilateral_cost_usd,
      {"USD/yr", 0, 1e12, "[A]", "multilateral_governance: cost per country at voice floor 1"});
    v("infrastructure_di_effort", infrastructure_di_effort,
      {"effort per GDP share", 0, 1000, "[A]",
       "hard_infrastructure: digital-infrastructure pillar effort per share of GDP"});
    v("infrastructure_internet_growth", infrastructure_internet_growth,
      {"1/yr per GDP share", 0, 1000, "[A]",
       "hard_infrastructure: internet growth added per share of GDP"});
    v("infrastructure_compute_share", infrastructure_compute_share,
      {"1", 0, 1, "[A]", "hard_infrastructure: share of the spending on data-centre compute"});
    v("soft_hc_effort", soft_hc_effort,
      {"effort per seat/1000/yr", 0, 10, "[A]",
       "soft_capacity: human-capital pillar effort per seat per 1000 workers a year"});
    v("soft_seat_cost_gdp_per_capita", soft_seat_cost_gdp_per_capita,
      {"GDP per capita", 0, 100, "[A]", "soft_capacity: cost of one training seat"});
    v("people_centred_re_effort", people_centred_re_effort,
      {"effort", 0, 100, "[A]",
       "people_centred_governance: regulation pillar effort at full coverage"});
    v("people_centred_wage_share_gain", people_centred_wage_share_gain,
      {"1", 0, 1, "[A]", "people_centred_governance: data-work wage share added at full coverage"});
    v("people_centred_protection", people_centred_protection,
      {"1", 0, 1, "[A]",
       "people_centred_governance: displacement cut (hria_protection) at full coverage"});
    v("people_centred_deployment_cost", people_centred_deployment_cost,
      {"compliance units", 0, 10, "[A]",
       "people_centred_governance: compliance cost added at full coverage (review, assessments)"});
    v("people_centred_cost_gdp_share", people_centred_cost_gdp_share,
      {"1", 0, 0.1, "[A]",
       "people_centred_governance: public cost, share of GDP at full coverage"});
    v("privacy_scale_usd", privacy_scale_usd,
      {"USD per capita/yr", 1e-6, 1e6, "[A]",
       "privacy_preserving_data_sharing: intensity at 1 - 1/e of the largest effect"});
    v("privacy_pilot_gain", privacy_pilot_gain,
      {"1", 0, 10, "[A]",
       "privacy_preserving_data_sharing: largest relative rise of pilot success"});
    v("privacy_compliance_cost", privacy_compliance_cost,
      {"compliance units", 0, 10, "[A]",
       "privacy_preserving_data_sharing: largest compliance cost added"});
    v("export_control_cost_usd", export_control_cost_usd,
      {"USD/yr", 0, 1e12, "[A] 0: the cost is the output lost, not a budget",
       "export_controls: enforcement cost per controlled country"});
    v("decoupling_openness_cut", decoupling_openness_cut,
      {"1", 0, 1, "[A]",
       "bloc_decoupling: investment openness cut outside bloc us at intensity 1"});
    v("decoupling_lag_add_months", decoupling_lag_add_months,
      {"months", 0, 60, "[A]", "bloc_decoupling: open lag added at intensity 1"});
    v("portability_cost_gdp_share", portability_cost_gdp_share,
      {"1", 0, 0.1, "[A]", "cloud_portability: cost, share of GDP at intensity 1"});
    v("open_release_cost_cut_per_month", open_release_cost_cut_per_month,
      {"1 per month", 0, 1, "[A] (0.3 for the 3-month 2025-01 cut)",
       "open_weight_release: cut of the open local cost per month of lag cut (at most 0.9)"});
  }
};

struct Params {
  TimeParams time;
  PopulationParams population;
  RunParams run;
  DataParams data;
  OutputParams output;
  TechnologyParams technology;
  CapitalParams capital;
  PoliticsParams politics;
  CountryParams countries;
  FirmParams firms;
  WorkerParams workers;
  DataWorkParams data_work;
  HistoryParams history;
  LeverParams levers;
  // The `policies:` timeline (not a parameter section: lists of entries, checked by levers.cpp).
  std::vector<PolicyEntry> policies;

  // Sections in the order of the YAML reference.
  template <class V>
  void visit(V& v) {
    v.section("time", time);
    v.section("population", population);
    v.section("run", run);
    v.section("data", data);
    v.section("output", output);
    v.section("technology", technology);
    v.section("capital", capital);
    v.section("politics", politics);
    v.section("countries", countries);
    v.section("firms", firms);
    v.section("workers", workers);
    v.section("data_work", data_work);
    v.section("history", history);
    v.section("levers", levers);
  }

  // Number of ticks from time.start to time.end inclusive.
  int tick_count() const {
    return (time.end.index() - time.start.index()) / static_cast<int>(time.months_per_tick) + 1;
  }
  double dt_years() const { return static_cast<double>(time.months_per_tick) / 12.0; }
};

}  // namespace models
