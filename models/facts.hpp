// The stylised facts SF1-SF12 of MODEL.md section 1: each pattern's definition (variables,
// dates, weights) next to its computation, evaluated over one or more replicate runs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/run_data.hpp"

namespace models {

enum class FactClass { kInput, kTarget, kValidation };
const char* fact_class_name(FactClass c);

// One checked quantity of a pattern; the pattern passes when all its parts pass. A part passes
// when the mean over replicates lies in [lo, hi].
struct FactPart {
  std::string what;    // variable and date, e.g. "investment_share USA, 2024"
  std::string target;  // as MODEL.md states it, e.g. "0.72 +- 0.05"
  double lo, hi;
  std::function<double(const RunData&)> compute;
};

struct Fact {
  std::string id;
  FactClass cls;
  std::string pattern;
  std::vector<FactPart> parts;
};

const std::vector<Fact>& stylised_facts();

struct PartResult {
  double mean = 0, sd = 0, min = 0, max = 0;
  bool pass = false;
};
struct FactResult {
  const Fact* fact;
  std::vector<PartResult> parts;
  bool pass = false;
};

// Evaluates every fact on every run (replicates); throws sim::InputError when a run lacks a
// record or variable a fact needs.
std::vector<FactResult> evaluate_facts(const std::vector<const RunData*>& runs);

// Calibration loss of one part at the replicate mean `mean`: a target written as a bound ("< x",
// ">= x") costs nothing inside and the squared distance in band widths outside; a range costs the
// squared distance from its centre in half-widths (1 at the edges of the tolerance).
double part_loss(const FactPart& part, double mean);

// Reports grouped by class: plain text for the terminal, or Markdown for the docs.
std::string facts_report(const std::vector<FactResult>& results, int replicates, bool markdown);

}  // namespace models
