// Lever table in Markdown, from models/levers.cpp and the parameter tree.
#include "models/lever_reference.hpp"

#include <cstdio>
#include <map>
#include <sstream>
#include <string_view>

#include "models/levers.hpp"
#include "models/scenario.hpp"

namespace models {

namespace {

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

}  // namespace

std::string levers_to_markdown(const Params& params) {
  std::map<std::string, ParamField> fields;
  for (ParamField& f : list_param_fields(params)) fields.emplace(f.key_path, std::move(f));
  std::string out =
      "| lever | intensity unit, range | effect | parameters (values) | cost |\n"
      "|---|---|---|---|---|\n";
  for (const LeverInfo& info : lever_infos()) {
    std::string parameters;
    std::istringstream keys{std::string(info.parameters)};
    for (std::string key; keys >> key;) {
      const ParamField& f = fields.at(key);
      // Lever parameters by name; the capital ones the export-control levers share, by path.
      const std::string shown = f.section == "levers" ? f.name : f.key_path;
      const std::string unit =
          std::string_view(f.meta.unit) == "1" ? "" : " " + std::string(f.meta.unit);
      parameters += (parameters.empty() ? "" : ", ") + ("`" + shown + "` " + f.value_yaml + unit);
    }
    out += "| `" + std::string(info.name) + "`" + (info.shock ? " (shock)" : "") + " | " +
           std::string(info.unit) + ", " + number(info.min) + "-" + number(info.max) + " | " +
           std::string(info.effect) + " | " + parameters + " | " + std::string(info.cost) + " |\n";
  }
  return out;
}

}  // namespace models
