#include "app/calibration_facts.hpp"

#include "models/country_data.hpp"
#include "models/scenario.hpp"
#include "run/run_request.hpp"

namespace app {

CalibrationFacts calibration_facts(const std::string& scenario_path,
                                   const std::vector<std::string>& sets) {
  const models::Scenario s = models::load_scenario(scenario_path, sets);
  const std::string data_dir = resolve_data_dir(s);
  CalibrationFacts out;
  out.observed = models::load_observed_data(data_dir);
  std::vector<std::string> countries;
  for (const auto& country :
       models::load_country_data(data_dir, s.params.population.countries).countries) {
    countries.push_back(country.iso3);
  }
  out.facts = models::stylised_facts(out.observed, countries);
  return out;
}

}  // namespace app
