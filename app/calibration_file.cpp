#include "app/calibration_file.hpp"

#include <algorithm>
#include <filesystem>

#include "sim/error.hpp"

namespace app {

namespace {

KnobRange read_knob(const std::string& key, const YAML::Node& range, const sim::YamlSource& src,
                    const std::string& path) {
  if (!range.IsSequence() || range.size() != 2) src.fail(range, path, "expected [lo, hi]");
  KnobRange k{key, sim::read_double(range[0], src, path), sim::read_double(range[1], src, path),
              range};
  if (!(k.lo < k.hi)) src.fail(range, path, "expected lo < hi");
  return k;
}

CalibrationBlock read_block(const YAML::Node& b, const sim::YamlSource& src,
                            const std::string& at) {
  if (!b.IsMap()) src.fail(b, at, "expected a mapping");
  sim::check_unique_keys(b, src, at);
  CalibrationBlock block;
  for (const auto& kv : b) {
    const std::string key = sim::key_name(kv.first, src, at), path = at + "." + key;
    if (key == "name") {
      block.name = sim::read_string(kv.second, src, path);
    } else if (key == "facts") {
      block.facts = sim::read_string_list(kv.second, src, path);
      block.facts_where = kv.second;
      block.facts_path = path;
    } else if (key == "parameters") {
      if (!kv.second.IsMap()) src.fail(kv.second, path, "expected a mapping of key: [lo, hi]");
      for (const auto& p : kv.second) {
        const std::string k = sim::key_name(p.first, src, path);
        block.knobs.push_back(read_knob(k, p.second, src, path + "." + k));
      }
    } else {
      src.fail(kv.first, path, "unknown key (expected name, facts, parameters)");
    }
  }
  if (block.knobs.empty() || block.facts.empty())
    src.fail(b, at, "a block needs facts and parameters");
  return block;
}

}  // namespace

CalibrationFile read_calibration_file(const std::string& path) {
  CalibrationFile f{{path, sim::InputKind::kScenario}, {}, {}};
  const auto text = sim::read_text_file(path, sim::InputKind::kScenario);
  if (!text) {
    throw sim::InputError(sim::InputKind::kScenario, {path, 0, 0}, "",
                          "cannot read calibration file");
  }
  f.text = *text;
  f.root = sim::parse_yaml(f.text, f.source);
  if (!f.root.IsMap()) f.source.fail(f.root, "", "expected a mapping");
  sim::check_unique_keys(f.root, f.source, "");
  return f;
}

bool read_common_key(const CalibrationFile& file, const std::string& key, const YAML::Node& v,
                     CalibrationCommon& c) {
  const sim::YamlSource& src = file.source;
  if (key == "scenario") {
    const auto dir = std::filesystem::path(src.file).parent_path();
    c.scenario = (dir / sim::read_string(v, src, key)).string();
  } else if (key == "seed") {
    c.seed = sim::read_int64(v, src, key);
  } else if (key == "replicates") {
    c.replicates = sim::read_int64(v, src, key);
    if (c.replicates < 1 || c.replicates > 100) src.fail(v, key, "out of range [1, 100]");
  } else if (key == "set") {
    c.sets = sim::read_string_list(v, src, key);
  } else if (key == "blocks") {
    if (!v.IsSequence()) src.fail(v, key, "expected a list of blocks");
    for (std::size_t i = 0; i < v.size(); ++i)
      c.blocks.push_back(read_block(v[i], src, "blocks[" + std::to_string(i) + "]"));
  } else {
    return false;
  }
  return true;
}

void check_common(const CalibrationFile& file, const CalibrationCommon& c) {
  const std::string& path = file.source.file;
  if (c.scenario.empty())
    throw sim::InputError(sim::InputKind::kScenario, {path, 0, 0}, "scenario", "missing");
  if (c.blocks.empty())
    throw sim::InputError(sim::InputKind::kScenario, {path, 0, 0}, "blocks", "missing");
}

const models::ParamField& knob_field(const std::vector<models::ParamField>& fields,
                                     const KnobRange& k, const sim::YamlSource& src) {
  const auto f = std::find_if(fields.begin(), fields.end(),
                              [&](const auto& x) { return x.key_path == k.key; });
  if (f == fields.end() || f->type != "number")
    src.fail(k.where, k.key, "not a numeric parameter of the scenario");
  if (k.lo < f->meta.min || k.hi > f->meta.max) {
    src.fail(k.where, k.key,
             "range outside the parameter's valid range " +
                 models::format_param_range(f->meta, f->type));
  }
  return *f;
}

}  // namespace app
