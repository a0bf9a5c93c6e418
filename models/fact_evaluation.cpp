// Evaluating the patterns over replicate runs, and their calibration loss.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/facts.hpp"
#include "sim/error.hpp"

namespace models {

const char* fact_class_name(FactClass c) {
  switch (c) {
    case FactClass::kInput:
      return "input";
    case FactClass::kTarget:
      return "target";
    case FactClass::kValidation:
      return "validation";
    case FactClass::kInputCheck:
      return "input check";
  }
  return "";
}

bool is_evidence(FactClass c) { return c == FactClass::kTarget || c == FactClass::kValidation; }

PartResult evaluate_part(const Fact& fact, const FactPart& part,
                         const std::vector<const RunData*>& runs) {
  std::vector<double> v;
  v.reserve(runs.size());
  for (const RunData* run : runs) {
    try {
      v.push_back(part.compute(*run));
    } catch (const sim::InputError& e) {
      // Name the pattern, so that a run of an older model says which fact needs what.
      throw sim::InputError(e.kind(), e.where(), e.key_path(),
                            e.reason() + "; needed by " + fact.id + " (" + part.what + ")",
                            e.got());
    }
  }
  PartResult pr;
  const double n = static_cast<double>(v.size());
  pr.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double ss = 0;
  for (double x : v) ss += (x - pr.mean) * (x - pr.mean);
  pr.sd = v.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
  pr.min = *std::min_element(v.begin(), v.end());
  pr.max = *std::max_element(v.begin(), v.end());
  pr.pass = pr.mean >= part.lo && pr.mean <= part.hi;  // NaN fails
  return pr;
}

std::vector<FactResult> evaluate_facts(const std::vector<Fact>& facts,
                                       const std::vector<const RunData*>& runs,
                                       const ObservedData& observed) {
  if (runs.empty()) {
    throw sim::InputError(sim::InputKind::kIo, {}, "", "no run to evaluate the facts on");
  }
  check_same_data(runs, observed);
  for (const RunData* run : runs) {
    if (run->iso3() != runs.front()->iso3()) {
      throw sim::InputError(sim::InputKind::kIo, {run->path(), 0, 0}, "country",
                            "the runs hold different countries (facts average replicates of "
                            "one scenario); first differs from " +
                                runs.front()->path());
    }
  }
  std::vector<FactResult> results;
  for (const Fact& fact : facts) {
    FactResult fr{&fact, {}, true};
    for (const FactPart& part : fact.parts) {
      fr.parts.push_back(evaluate_part(fact, part, runs));
      fr.pass = fr.pass && fr.parts.back().pass;
    }
    results.push_back(std::move(fr));
  }
  return results;
}

double part_loss(const FactPart& part, double mean) {
  if (!std::isfinite(mean)) return 1e6;
  if (part.tolerance == Tolerance::kBound) {
    // A hinge with a margin of a tenth of the bound: free further inside, 1 at the bound (as a
    // range's edge), so that replicate noise does not carry a fit at the bound outside it.
    const bool upper = std::isfinite(part.hi);
    const double edge = upper ? part.hi : part.lo;
    const double margin = std::max(0.1 * std::fabs(edge), 1e-12);
    const double d =
        std::max(0.0, upper ? mean - (edge - margin) : (edge + margin) - mean) / margin;
    return d * d;
  }
  const double d = (mean - 0.5 * (part.lo + part.hi)) / (0.5 * (part.hi - part.lo));
  return d * d;
}

}  // namespace models
