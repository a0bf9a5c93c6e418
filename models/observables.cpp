// The output variables (MODEL.md section 8), each defined once with its units and computation.
#include "models/observables.hpp"

#include <algorithm>

namespace models {

namespace {

using Fill = std::function<void(const Observation&, std::span<double>)>;

Fill country_column(Column Countries::*member) {
  return [member](const Observation& o, std::span<double> out) {
    const Column& col = o.world.countries.*member;
    std::copy(col.begin(), col.begin() + static_cast<std::ptrdiff_t>(out.size()), out.begin());
  };
}

Fill global_value(double Globals::*member) {
  return
      [member](const Observation& o, std::span<double> out) { out[0] = o.world.globals.*member; };
}

Variable country_var(const char* name, Column Countries::*member, const char* units,
                     const char* long_name, const char* description, Dims dims = Dims::kCountry) {
  return {name, dims, units, long_name, description, false, country_column(member)};
}

Variable global_var(const char* name, double Globals::*member, const char* units,
                    const char* long_name, const char* description) {
  return {name, Dims::kNone, units, long_name, description, false, global_value(member)};
}

// The six divide metrics of one variable X, read from the Observation.
void add_divide_metrics(std::vector<Variable>& v, const std::string& x, const std::string& what,
                        DivideMetrics Observation::*metrics) {
  const auto metric = [metrics](double DivideMetrics::*field) {
    return [metrics, field](const Observation& o, std::span<double> out) {
      out[0] = (o.*metrics).*field;
    };
  };
  v.push_back({"gini_" + x, Dims::kNone, "1", "Gini of " + what + " across countries",
               "labour-force-weighted Gini coefficient across countries; NaN when the mean is 0",
               false, metric(&DivideMetrics::gini)});
  v.push_back({"theil_" + x, Dims::kNone, "1", "Theil T of " + what + " across countries",
               "labour-force-weighted Theil T; a country with value 0 adds 0", false,
               metric(&DivideMetrics::theil)});
  v.push_back({"theil_between_" + x, Dims::kNone, "1",
               "Theil T of " + what + " between income groups",
               "between-group part of Theil T over the four World Bank income groups", false,
               metric(&DivideMetrics::theil_between)});
  v.push_back({"theil_within_" + x, Dims::kNone, "1",
               "Theil T of " + what + " within income groups",
               "within-group part of Theil T (theil = between + within)", false,
               metric(&DivideMetrics::theil_within)});
  v.push_back({"ratio_high_low_" + x, Dims::kNone, "1", "High- over low-income mean of " + what,
               "ratio of labour-force-weighted group means; NaN when the low mean is 0", false,
               metric(&DivideMetrics::ratio_high_low)});
  v.push_back({"gap_high_low_" + x, Dims::kNone, "1", "High- minus low-income mean of " + what,
               "difference of labour-force-weighted group means", false,
               metric(&DivideMetrics::gap_high_low)});
}

Fill group_mean(double (Observation::*means)[4]) {
  return [means](const Observation& o, std::span<double> out) {
    for (int g = 0; g < 4; ++g) out[g] = (o.*means)[g];
  };
}

// Over (time, country), and the open lag over (time, bloc).
void add_country_variables(std::vector<Variable>& v) {
  using C = Countries;
  v.push_back(country_var("readiness", &C::readiness, "1", "AI readiness",
                          "mean of the three capability pillars di, hc, ie (0-1; MODEL.md M3)"));
  v.push_back(
      country_var("pillar_di", nullptr, "1", "Digital infrastructure pillar", "AIPI DI x 4"));
  v.back().fill = [](const Observation& o, std::span<double> out) {
    std::copy_n(o.world.countries.pillar[0].begin(), out.size(), out.begin());
  };
  v.push_back(country_var("pillar_hc", nullptr, "1", "Human capital and labour policy pillar",
                          "AIPI HCLMP x 4"));
  v.back().fill = [](const Observation& o, std::span<double> out) {
    std::copy_n(o.world.countries.pillar[1].begin(), out.size(), out.begin());
  };
  v.push_back(country_var("pillar_ie", nullptr, "1", "Innovation and economic integration pillar",
                          "AIPI IEI x 4"));
  v.back().fill = [](const Observation& o, std::span<double> out) {
    std::copy_n(o.world.countries.pillar[2].begin(), out.size(), out.begin());
  };
  v.push_back(
      country_var("pillar_re", nullptr, "1", "Regulation and ethics pillar", "AIPI RE x 4"));
  v.back().fill = [](const Observation& o, std::span<double> out) {
    std::copy_n(o.world.countries.pillar[3].begin(), out.size(), out.begin());
  };
  v.push_back(country_var("internet_share", &C::internet_share, "1", "Internet users",
                          "share of the population online"));
  v.push_back(country_var("gdp_per_capita_usd", &C::gdp_per_capita_usd, "USD 2021",
                          "GDP per capita", "baseline path times (1 + ai_tfp_gain)"));
  v.push_back(country_var("population", &C::population, "persons", "Population",
                          "grows with the labour force (table 5 rates)"));
  v.push_back(country_var("labour_force", &C::labour_force, "persons", "Labour force",
                          "population x participation (table 5), growing at the group rate"));
  v.push_back(country_var("compute_pflops", &C::compute_pflops, "16-bit PFLOP/s",
                          "AI compute stock",
                          "AI compute installed in the country (Epoch AI records at 2023-01)"));
  v.push_back(country_var("compute_share", &C::compute_share, "1", "Share of world compute",
                          "compute_pflops over the sum across model countries"));
  v.push_back(country_var("compute_access", &C::compute_access, "1", "Compute access",
                          "own plus rented cloud compute per worker over k_need, capped at 1"));
  v.push_back(country_var("ai_investment_usd", &C::ai_investment_usd, "USD 2021/yr",
                          "Private AI investment received", "yearly rate during the tick"));
  v.push_back(country_var("investment_share", &C::investment_share, "1",
                          "Share of world private AI investment",
                          "s_c proportional to (ai_capital + k0)^alpha exp(beta R) openness"));
  v.push_back(country_var("ai_capital_usd", &C::ai_capital_usd, "USD 2021", "AI capital",
                          "cumulated AI investment received, depreciating"));
  v.push_back(country_var("ai_user_share", &C::ai_user_share, "1", "AI users",
                          "share of the labour force using AI"));
  v.push_back(country_var("ai_tfp_gain", &C::ai_tfp_gain, "1", "AI TFP gain",
                          "output-weighted mean firm gain times tfp_pass_through"));
  v.push_back(country_var("production_firm_gain", &C::production_firm_gain, "1",
                          "Gain of production firms",
                          "output-weighted mean productivity gain of firms in production"));
  v.push_back(country_var("ai_skill_premium", &C::ai_skill_premium, "1", "AI-skill wage premium",
                          "premium_max D / (D + premium_half S), D = coverage x production share"));
  v.push_back(country_var("data_work_employment", &C::data_work_employment, "workers",
                          "Employed data workers",
                          "data workers employed under the allocation of world data-work demand"));
  v.push_back(country_var("data_work_wage_usd", &C::data_work_wage_usd, "USD 2021/yr",
                          "Data-work wage", "wage share x billed rate x hours"));
  v.push_back(country_var("rent_outflow_usd", &C::rent_outflow_usd, "USD 2021/yr",
                          "AI rents paid abroad",
                          "closed_foreign spend (with the mark-up) plus cloud hosted abroad"));
  v.push_back(country_var("dependence", &C::dependence, "1", "Foreign dependence",
                          "output-weighted share of production firms on closed_foreign"));
  v.push_back(country_var("language_fit", &C::language_fit_provider, "1", "Language fit",
                          "how well each provider class serves local languages (closed providers "
                          "take the closed fit)",
                          Dims::kCountryProvider));
  // Model v2 supply side (MODEL.md section 9, M4-M6).
  v.push_back(country_var("language_ceiling", &C::language_ceiling, "1", "Language ceiling",
                          "ceiling of closed language fit, raised by the data commons"));
  v.push_back(country_var("accessible_capability_log10", &C::accessible_capability_log10,
                          "log10 FLOP", "Accessible capability",
                          "best capability the country's firms can use (closed or open)"));
  v.push_back(country_var("cloud_pflops", &C::cloud_pflops, "16-bit PFLOP/s", "Rented compute",
                          "open-weight firms' cloud spend over the cloud price, under the tiers"));
  v.push_back({"open_lag_months_by_bloc", Dims::kBloc, "months", "Open-weight lag by bloc",
               "months by which each originating bloc's open weights trail the frontier", false,
               [](const Observation& o, std::span<double> out) {
                 for (int b = 0; b < kBlocs; ++b) out[b] = o.world.globals.open_lag_by_bloc[b];
               }});
  v.push_back(country_var("voice", &C::voice, "1", "Voice in rule-making",
                          "floor + (1 - floor) sqrt(investment share) R / max over countries"));
  v.push_back(country_var("compliance_cost", &C::compliance_cost, "1", "Compliance cost",
                          "the rule divide; entry is scaled by exp(-compliance_cost)"));
  v.push_back(country_var("large_firm_gain_share", &C::large_firm_gain_share, "1",
                          "Large firms' share of AI gains",
                          "share of firm_gain x output_usd that goes to large firms"));
  v.push_back(country_var("policy_cost_usd", &C::policy_cost_usd, "USD 2021",
                          "Policy lever spending", "lever spending in the record period"));
  v.push_back({"control_tier", Dims::kCountry, "1", "Export-control tier",
               "1 unrestricted, 2 capped, 3 controlled", true,
               [](const Observation& o, std::span<double> out) {
                 for (std::size_t c = 0; c < out.size(); ++c)
                   out[c] = o.world.countries.control_tier[c];
               }});
  v.push_back(country_var("firm_adoption_all", &C::firm_adoption_all, "1", "Firms adopting AI",
                          "share of firms (all sizes, firm-weighted) in pilot or production"));
  v.push_back(country_var("firm_production_all", &C::firm_production_all, "1",
                          "Firms in AI production", "share of firms (all sizes) in production"));
}

// Over (time, country, category): size class, provider, occupation, skill, sex, use.
void add_category_variables(std::vector<Variable>& v) {
  using C = Countries;
  // Over (time, country, size_class).
  const Dims cs = Dims::kCountrySize;
  v.push_back(country_var("firm_count", &C::firm_count, "firms", "Firms",
                          "real firms: the sum of firm_weight", cs));
  v.push_back(country_var("firm_adoption_share", &C::firm_adoption_share, "1", "Firm adoption",
                          "share of firms in pilot or production", cs));
  v.push_back(country_var("firm_production_share", &C::firm_production_share, "1",
                          "Firm production", "share of firms in production", cs));
  v.push_back(country_var("pilot_entries", &C::pilot_entries, "firms", "Pilot entries",
                          "weighted entries since the last record", cs));
  v.push_back(country_var("pilot_promotions", &C::pilot_promotions, "firms", "Pilot promotions",
                          "weighted pilots moved to production since the last record", cs));
  v.push_back(country_var("pilot_abandonments", &C::pilot_abandonments, "firms",
                          "Pilot abandonments", "weighted pilots abandoned since the last record",
                          cs));
  v.push_back(country_var("provider_share", &C::provider_share, "1", "Provider shares",
                          "firm-weighted share of adopters by provider", Dims::kCountryProvider));
  v.push_back(country_var("employment", &C::employment, "workers", "Employment by occupation",
                          "employed workers (real, weighted)", Dims::kCountryOccupation));
  v.push_back(country_var("employment_by_skill", &C::employment_by_skill, "workers",
                          "Employment by skill", "employed workers (real, weighted)",
                          Dims::kCountrySkill));
  v.push_back(country_var("unemployment_rate", &C::unemployment_rate, "1",
                          "Unemployment rate by skill", "unemployed over the labour force",
                          Dims::kCountrySkill));
  v.push_back(country_var("mean_wage_usd", &C::mean_wage_usd, "USD 2021/yr", "Mean wage by skill",
                          "mean wage of employed workers outside data work", Dims::kCountrySkill));
  v.push_back(country_var("employment_by_sex", &C::employment_by_sex, "workers",
                          "Employment by sex", "employed workers (real, weighted)",
                          Dims::kCountrySex));
  v.push_back(country_var("ai_user_share_by_sex", &C::ai_user_share_by_sex, "1", "AI users by sex",
                          "share of the labour force of each sex using AI", Dims::kCountrySex));
  v.push_back(country_var("unemployment_rate_by_sex", &C::unemployment_rate_by_sex, "1",
                          "Unemployment rate by sex",
                          "unemployed over the labour force of each sex", Dims::kCountrySex));
  v.push_back(country_var("ai_user_share_youth", &C::ai_user_share_youth, "1", "AI users, youth",
                          "share of the 2023 youth cohort still flagged that uses AI"));
  // Model v2, demand side (MODEL.md 9, M2, M7, M8).
  v.push_back(country_var("ai_use_intensity", &C::ai_use_intensity, "1", "AI use intensity",
                          "users x mean depth of use per labour-force member, scaled to a "
                          "labour-force-weighted world mean of 1 (cardinal, like the AUI)"));
  v.push_back(country_var("heavy_use_spend_share", &C::heavy_use_spend_share, "1",
                          "Spend of a heavy user over GDP per capita",
                          "heavy_use_spend_usd x price of heavy use x tokens / GDP per capita; "
                          "depth falls with it (the price channel)"));
  v.push_back(country_var("unemployment_rate_all", &C::unemployment_rate_all, "1",
                          "Unemployment rate",
                          "unemployed over employed plus unemployed (trainees are out)"));
  v.push_back(country_var("mean_wage_usd_by_use", &C::mean_wage_usd_by_use, "USD 2021/yr",
                          "Mean wage by occupation, skill and AI use",
                          "mean wage of the employed in the cell; NaN where no one is employed",
                          Dims::kCountryOccupationSkillUse));
  v.push_back(country_var(
      "ai_talent_net_flow", &C::ai_talent_net_flow, "per 10,000 workers/yr", "Net AI-talent flow",
      "AI-skilled workers gained (> 0) or lost per 10,000 labour force a year"));
}

// Over (time, income_group).
void add_group_variables(std::vector<Variable>& v) {
  v.push_back({"group_ai_user_share", Dims::kIncomeGroup, "1", "AI users by income group",
               "labour-force-weighted mean of ai_user_share", false,
               group_mean(&Observation::group_users)});
  v.push_back({"group_firm_production_all", Dims::kIncomeGroup, "1",
               "Firms in production by income group",
               "labour-force-weighted mean of firm_production_all", false,
               group_mean(&Observation::group_production)});
  v.push_back({"group_ai_tfp_gain", Dims::kIncomeGroup, "1", "AI TFP gain by income group",
               "labour-force-weighted mean of ai_tfp_gain", false,
               group_mean(&Observation::group_tfp)});
}

// Global over time.
void add_global_variables(std::vector<Variable>& v) {
  using G = Globals;
  v.push_back(global_var("frontier_compute_log10", &G::frontier_compute_log10, "log10 FLOP",
                         "Frontier training compute", "largest training run"));
  v.push_back(global_var("frontier_capability_log10", &G::frontier_capability_log10, "log10 FLOP",
                         "Frontier capability",
                         "effective compute: compute plus algorithmic progress"));
  v.push_back(global_var("frontier_cost_usd", &G::frontier_cost_usd, "USD 2021",
                         "Frontier run cost",
                         "min(trend, budget share x largest bloc investment)"));
  v.push_back(global_var("open_lag_months", &G::open_lag_months, "months", "Open-weight lag",
                         "months by which open-weight capability trails the frontier"));
  v.push_back(global_var("coverage", &G::coverage, "1", "Task coverage",
                         "share of exposed tasks AI does at usable quality (frontier)"));
  v.push_back(global_var("api_price", &G::api_price, "1", "Closed API price index", "2023 = 1"));
  v.push_back(global_var("investment_pool_usd", &G::investment_pool_usd, "USD 2021/yr",
                         "World private AI investment",
                         "the pool: AI Index 2023 and 2024, then growing at investment_growth"));
  v.push_back(global_var("data_work_demand", &G::data_work_demand, "worker-years",
                         "Data-work demand",
                         "d0 sqrt(frontier cost / 69.8e6) (1 - synthetic share)"));
  v.push_back(global_var("rule_stringency", &G::rule_stringency, "1", "Rule stringency",
                         "voice-weighted mean of rule preferences"));
  v.push_back({"frontier_capable_count", Dims::kNone, "countries", "Frontier-capable countries",
               "countries whose budget share of investment covers a tenth of the frontier run",
               false, [](const Observation& o, std::span<double> out) {
                 out[0] = o.world.globals.frontier_capable_count;
               }});
  v.push_back(global_var("world_ai_user_share", &G::world_ai_user_share, "1", "World AI users",
                         "labour-force-weighted"));
  v.push_back(global_var("world_ai_tfp_gain", &G::world_ai_tfp_gain, "1", "World AI TFP gain",
                         "labour-force-weighted"));
  v.push_back(global_var("top1_investment_share", &G::top1_investment_share, "1",
                         "Top-1 investment share", "largest country share of the pool"));
  v.push_back(global_var("top5_investment_share", &G::top5_investment_share, "1",
                         "Top-5 investment share", "five largest country shares of the pool"));
  v.push_back(global_var("top1_compute_share", &G::top1_compute_share, "1", "Top-1 compute share",
                         "largest country share of world compute"));
  v.push_back(global_var("top5_compute_share", &G::top5_compute_share, "1", "Top-5 compute share",
                         "five largest country shares of world compute"));
  v.push_back(global_var("africa_investment_share", &G::africa_investment_share, "1",
                         "Africa's investment share",
                         "Sub-Saharan Africa plus DZA, EGY, LBY, MAR, TUN, DJI"));
  v.push_back(global_var("africa_compute_share", &G::africa_compute_share, "1",
                         "Africa's compute share",
                         "Sub-Saharan Africa plus DZA, EGY, LBY, MAR, TUN, DJI"));
}

// The divide metrics of use, production and TFP gain over time.
void add_divide_variables(std::vector<Variable>& v) {
  add_divide_metrics(v, "ai_user_share", "AI use", &Observation::users);
  add_divide_metrics(v, "firm_production_all", "firm AI production", &Observation::production);
  add_divide_metrics(v, "ai_tfp_gain", "the AI TFP gain", &Observation::tfp);
}

std::vector<Variable> build_variables() {
  std::vector<Variable> v;
  add_country_variables(v);
  add_category_variables(v);
  add_group_variables(v);
  add_global_variables(v);
  add_divide_variables(v);
  return v;
}

}  // namespace

Observation::Observation(const World& w) : world(w) {
  const Countries& k = w.countries;
  group.reserve(static_cast<std::size_t>(k.n));
  for (int c = 0; c < k.n; ++c) group.push_back(static_cast<int>(k.income[c]));
  const std::span<const double> xs[] = {k.ai_user_share, k.firm_production_all, k.ai_tfp_gain};
  const std::vector<DivideMetrics> m = divide_metrics(xs, k.labour_force, group);
  users = m[0];
  production = m[1];
  tfp = m[2];
  group_means(k.ai_user_share, k.labour_force, group, group_users);
  group_means(k.firm_production_all, k.labour_force, group, group_production);
  group_means(k.ai_tfp_gain, k.labour_force, group, group_tfp);
}

std::vector<std::string> dimension_names(Dims dims) {
  switch (dims) {
    case Dims::kNone:
      return {};
    case Dims::kCountry:
      return {"country"};
    case Dims::kCountrySize:
      return {"country", "size_class"};
    case Dims::kCountryProvider:
      return {"country", "provider"};
    case Dims::kCountryOccupation:
      return {"country", "occupation"};
    case Dims::kCountrySkill:
      return {"country", "skill"};
    case Dims::kCountrySex:
      return {"country", "sex"};
    case Dims::kIncomeGroup:
      return {"income_group"};
    case Dims::kBloc:
      return {"bloc"};
    case Dims::kCountryOccupationSkillUse:
      return {"country", "occupation", "skill", "use"};
  }
  return {};
}

std::size_t record_size(Dims dims, int countries) {
  const auto n = static_cast<std::size_t>(countries);
  switch (dims) {
    case Dims::kNone:
      return 1;
    case Dims::kCountry:
      return n;
    case Dims::kCountrySize:
      return n * kSizes;
    case Dims::kCountryProvider:
      return n * kProviders;
    case Dims::kCountryOccupation:
      return n * kOccupations;
    case Dims::kCountrySkill:
      return n * kSkills;
    case Dims::kCountrySex:
      return n * kSexes;
    case Dims::kIncomeGroup:
      return 4;
    case Dims::kBloc:
      return kBlocs;
    case Dims::kCountryOccupationSkillUse:
      return n * kOccupations * kSkills * kUses;
  }
  return 0;
}

const std::vector<Variable>& output_variables() {
  static const std::vector<Variable> variables = build_variables();
  return variables;
}

}  // namespace models
