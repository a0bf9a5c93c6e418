// The check of a member's data before it is published, and again before it is trusted.
#include "ensemble/member_check.hpp"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

#include "ensemble/atomic_file.hpp"
#include "ensemble/sweep_manifest.hpp"
#include "models/country_data.hpp"
#include "models/enums.hpp"
#include "models/scenario.hpp"
#include "sim/fsync.hpp"
#include "sim/h5_reader.hpp"
#include "sim/sha256.hpp"
#include "sim/yaml_reader.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;

// One hash over rows of text fields, each field ended by NUL and each row by a newline.
class RowHash {
 public:
  void field(const std::string& text) {
    hash_.update(text);
    hash_.update(std::string_view("\0", 1));
  }
  void end_row() { hash_.update("\n"); }
  std::string hex() const { return hash_.hex_digest(); }

 private:
  sim::Sha256 hash_;
};

std::string labels_hash(const std::vector<std::string>& iso3, const std::vector<std::string>& name,
                        const std::vector<std::string>& region,
                        const std::vector<std::string>& income,
                        const std::vector<std::string>& bloc) {
  RowHash hash;
  for (std::size_t c = 0; c < iso3.size(); ++c) {
    for (const auto* column : {&iso3, &name, &region, &income, &bloc}) {
      hash.field(c < column->size() ? (*column)[c] : std::string("<missing>"));
    }
    hash.end_row();
  }
  return hash.hex();
}

std::string agents_hash(const std::vector<std::int64_t>& workers,
                        const std::vector<std::int64_t>& firms) {
  RowHash hash;
  for (std::size_t c = 0; c < workers.size(); ++c) {
    hash.field(std::to_string(workers[c]));
    hash.field(c < firms.size() ? std::to_string(firms[c]) : std::string("<missing>"));
    hash.end_row();
  }
  if (firms.size() != workers.size()) hash.field("<length differs>");
  return hash.hex();
}

std::int64_t integer_attribute(const sim::H5Reader& file, const char* name) {
  const auto text = file.attribute(name);
  try {
    return text ? std::stoll(*text) : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

std::vector<std::int64_t> integers(const sim::H5Reader& file, const char* name) {
  std::vector<std::int64_t> out;
  for (double v : file.doubles(name).values) out.push_back(static_cast<std::int64_t>(v));
  return out;
}

}  // namespace

MemberFacts expected_facts(const PreparedRun& run) {
  const models::Params& p = run.scenario.params;
  MemberFacts facts;
  facts.status = "complete";
  facts.seed = p.run.seed;
  facts.replicate = p.run.replicate;
  facts.parameters_sha256 = sim::sha256_hex(models::params_to_yaml(p));
  facts.data_sha256 = run.data.sha256;
  // A record every output.every ticks, and one after the last tick.
  const std::int64_t ticks = p.tick_count(), every = p.output.every;
  facts.records = ticks / every + (ticks % every != 0 ? 1 : 0);
  std::vector<std::string> iso3, name, region, income, bloc;
  std::vector<std::int64_t> workers, firms;
  for (std::size_t c = 0; c < run.data.countries.size(); ++c) {
    const models::CountryRecord& r = run.data.countries[c];
    iso3.push_back(r.iso3);
    name.push_back(r.name);
    region.push_back(r.region);
    income.push_back(models::income_group_name(r.income));
    bloc.push_back(models::bloc_name(r.bloc));
    workers.push_back(run.counts.workers[c]);
    std::int64_t n = 0;
    for (int s = 0; s < models::kSizes; ++s) n += run.counts.firms[c * models::kSizes + s];
    firms.push_back(n);
  }
  facts.labels_sha256 = labels_hash(iso3, name, region, income, bloc);
  facts.agents_sha256 = agents_hash(workers, firms);
  return facts;
}

MemberFacts read_facts(const std::string& path) {
  const sim::H5Reader file(path);
  MemberFacts facts;
  facts.status = file.attribute("status").value_or("");
  facts.seed = integer_attribute(file, "seed");
  facts.replicate = integer_attribute(file, "replicate");
  facts.parameters_sha256 = sim::sha256_hex(file.attribute("parameters_yaml").value_or(""));
  facts.data_sha256 = file.attribute("data_sha256").value_or("");
  facts.records = static_cast<std::int64_t>(file.doubles("time").values.size());
  facts.labels_sha256 = labels_hash(
      file.strings("country"), file.strings("country_name"), file.strings("country_region"),
      file.strings("country_income_group"), file.strings("country_bloc"));
  facts.agents_sha256 = agents_hash(integers(file, "n_workers"), integers(file, "n_firms"));
  return facts;
}

std::string compare_facts(const MemberFacts& expected, const MemberFacts& got) {
  const auto differ = [](const char* what, const std::string& want, const std::string& have) {
    return std::string(what) + ": expected " + want + ", got " + (have.empty() ? "nothing" : have);
  };
  if (got.status != expected.status) return differ("status", expected.status, got.status);
  if (got.records != expected.records) {
    return differ("records", std::to_string(expected.records), std::to_string(got.records));
  }
  if (got.seed != expected.seed || got.replicate != expected.replicate) {
    return differ("seed/replicate",
                  std::to_string(expected.seed) + "/" + std::to_string(expected.replicate),
                  std::to_string(got.seed) + "/" + std::to_string(got.replicate));
  }
  if (got.parameters_sha256 != expected.parameters_sha256) {
    return differ("parameters (SHA-256)", expected.parameters_sha256, got.parameters_sha256);
  }
  if (got.data_sha256 != expected.data_sha256) {
    return differ("data_sha256", expected.data_sha256, got.data_sha256);
  }
  if (got.labels_sha256 != expected.labels_sha256) {
    return differ("country labels (SHA-256)", expected.labels_sha256, got.labels_sha256);
  }
  if (got.agents_sha256 != expected.agents_sha256) {
    return differ("n_workers and n_firms (SHA-256)", expected.agents_sha256, got.agents_sha256);
  }
  return {};
}

std::string facts_text(const MemberFacts& f) {
  std::ostringstream out;
  out << "status=" << f.status << "\nseed=" << f.seed << "\nreplicate=" << f.replicate
      << "\nparameters_sha256=" << f.parameters_sha256 << "\ndata_sha256=" << f.data_sha256
      << "\nrecords=" << f.records << "\nlabels_sha256=" << f.labels_sha256
      << "\nagents_sha256=" << f.agents_sha256 << "\n";
  return out.str();
}

bool parse_facts(const std::string& text, MemberFacts& f) {
  std::map<std::string, std::string> kv;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
  }
  for (const char* key : {"status", "seed", "replicate", "parameters_sha256", "data_sha256",
                          "records", "labels_sha256", "agents_sha256"}) {
    if (kv.count(key) == 0) return false;
  }
  try {
    f.status = kv["status"];
    f.seed = std::stoll(kv["seed"]);
    f.replicate = std::stoll(kv["replicate"]);
    f.parameters_sha256 = kv["parameters_sha256"];
    f.data_sha256 = kv["data_sha256"];
    f.records = std::stoll(kv["records"]);
    f.labels_sha256 = kv["labels_sha256"];
    f.agents_sha256 = kv["agents_sha256"];
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

std::string check_file(const std::string& dir, const std::string& id) {
  return (fs::path(dir) / "members" / (id + ".check")).string();
}

bool verify_published(const std::string& dir, const std::string& id, std::string* why) {
  using Key = std::tuple<std::string, std::uintmax_t, fs::file_time_type, std::string>;
  static std::mutex mutex;
  static std::map<std::string, std::pair<Key, std::string>> verdicts;  // path -> (key, reason)

  const std::string path = member_file(dir, id);
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    if (why) *why = "no member file";
    return false;
  }
  const fs::file_time_type mtime = fs::last_write_time(path, ec);
  const std::string record =
      sim::read_text_file(check_file(dir, id), sim::InputKind::kIo).value_or("");
  const Key key{path, size, mtime, record};
  std::lock_guard lock(mutex);
  if (const auto it = verdicts.find(path); it != verdicts.end() && it->second.first == key) {
    if (why) *why = it->second.second;
    return it->second.second.empty();
  }
  std::string reason;
  MemberFacts expected;
  if (record.empty()) {
    reason = "no check record " + check_file(dir, id);
  } else if (!parse_facts(record, expected)) {
    reason = "unreadable check record " + check_file(dir, id);
  } else {
    try {
      reason = compare_facts(expected, read_facts(path));
    } catch (const std::exception& e) {
      reason = e.what();
    }
  }
  verdicts[path] = {key, reason};
  if (why) *why = reason;
  return reason.empty();
}

std::string publish_member(const std::string& staged, const std::string& dir, const std::string& id,
                           const MemberFacts& expected) {
  std::string difference;
  try {
    difference = compare_facts(expected, read_facts(staged));
  } catch (const std::exception& e) {
    difference = e.what();
  }
  std::error_code ec;
  if (!difference.empty()) {
    fs::remove(staged, ec);
    return difference;
  }
  write_file_atomically(check_file(dir, id), facts_text(expected), Durability::kSynced);
  const std::string target = member_file(dir, id);
  fs::rename(staged, target, ec);
  if (ec) {
    throw sim::InputError(sim::InputKind::kIo, {target, 0, 0}, "",
                          "cannot publish member file: " + ec.message());
  }
  if (const std::string error = sim::fsync_parent(target); !error.empty()) {
    throw sim::InputError(sim::InputKind::kIo, {target, 0, 0}, "",
                          "cannot sync the members directory: " + error);
  }
  return {};
}

void record_check(const std::string& dir, const std::string& id, const MemberFacts& facts) {
  write_file_atomically(check_file(dir, id), facts_text(facts), Durability::kSynced);
}

void unpublish_member(const std::string& dir, const std::string& id) {
  std::error_code ignored;
  fs::remove(check_file(dir, id), ignored);
  fs::remove(member_file(dir, id), ignored);
}

}  // namespace app
