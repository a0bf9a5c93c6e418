// The stylised facts SF1-SF19 of MODEL.md section 1 (v2): what each pattern checks, evaluated
// over replicate runs against the observed data of the runs' data directory, and reported.
// Definitions live in fact_definitions.cpp (one function per pattern), the shared measures in
// fact_measures.*, evaluation and loss in fact_evaluation.cpp, the report in fact_report.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/observed_data.hpp"
#include "models/run_data.hpp"

namespace models {

// input: holds by construction, checked; target: used in calibration; validation: not used in
// calibration; input check: holds mostly by construction, computed and reported but never
// counted as evidence (MODEL.md section 1).
enum class FactClass { kInput, kTarget, kValidation, kInputCheck };
const char* fact_class_name(FactClass c);
// Target and validation parts are evidence; input and input-check parts are not.
bool is_evidence(FactClass c);

// range: the value should sit inside [lo, hi], best at the centre; bound: anywhere inside is
// as good (one-sided bounds use an infinite lo or hi).
enum class Tolerance { kRange, kBound };
// How a value prints: a number, or a decimal year shown as its month (YYYY-MM).
enum class ValueFormat { kNumber, kMonth };

// One checked quantity of a pattern, with its own class (a pattern may mix a target with an
// input check). It passes when the mean over replicates lies in [lo, hi].
struct FactPart {
  std::string what;    // variable and date, e.g. "investment_share USA, 2024"
  std::string target;  // as MODEL.md states it, with the data's value where there is one
  double lo, hi;
  FactClass cls;
  Tolerance tolerance;
  std::function<double(const RunData&)> compute;
  ValueFormat format = ValueFormat::kNumber;
};

struct Fact {
  std::string id;
  FactClass cls;  // the pattern's class in MODEL.md's table (its parts may differ)
  std::string pattern;
  std::vector<FactPart> parts;
};

// SF1-SF19 with their targets read from `observed` where MODEL.md compares with data, over the
// runs' countries (`countries`, ISO3: data shares are renormalised over them, cross-country
// patterns use the model countries among the data's rows).
std::vector<Fact> stylised_facts(const ObservedData& observed,
                                 const std::vector<std::string>& countries);

// Every output variable the facts read, with its dimensions (time first), so that a run of a
// model without them is refused by name, and tests can check them against the output schema.
struct FactVariable {
  std::string name;
  std::vector<std::string> dims;
};
const std::vector<FactVariable>& fact_variables();

struct PartResult {
  double mean = 0, sd = 0, min = 0, max = 0;
  bool pass = false;
};
struct FactResult {
  const Fact* fact;
  std::vector<PartResult> parts;
  bool pass = false;
};

// Evaluates every fact on every run (replicates). Throws sim::InputError when a run lacks a
// record or variable a fact needs (the reason names the pattern), or when a run's data_sha256
// differs from the observed data's (check_same_data).
std::vector<FactResult> evaluate_facts(const std::vector<Fact>& facts,
                                       const std::vector<const RunData*>& runs,
                                       const ObservedData& observed);
// One part over the runs: mean, sample sd, min, max and pass. Throws like evaluate_facts.
PartResult evaluate_part(const Fact& fact, const FactPart& part,
                         const std::vector<const RunData*>& runs);

// Calibration loss of one part at the replicate mean `mean`: a bound costs nothing more than a
// tenth of its value inside it and the squared distance from there in those tenths (1 at the
// bound); a range costs the squared distance from its
// centre in half-widths (1 at the edges of the tolerance). Not finite: 1e6.
double part_loss(const FactPart& part, double mean);

// Reports grouped by class: plain text for the terminal, or Markdown for the docs. The summary
// counts patterns that pass and, separately, the evidence (target and validation parts) and
// the input checks, which are never counted as evidence.
std::string facts_report(const std::vector<FactResult>& results, int replicates, bool markdown);
// A value as the report prints it (a month for ValueFormat::kMonth).
std::string format_fact_value(double v, ValueFormat format);

}  // namespace models
