// The state of a sweep directory: member files, failure records and manifest.csv.
#include "ensemble/sweep_manifest.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "ensemble/atomic_file.hpp"
#include "ensemble/member_check.hpp"
#include "sim/csv.hpp"
#include "sim/h5_handle.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;

// The manifest's fixed columns around the parameter columns (which sit between seed and status).
const std::vector<std::string> kLeadColumns = {"index",     "member_id", "point_id", "scenario",
                                               "replicate", "root_seed", "seed"};
const std::vector<std::string> kTailColumns = {"status", "error", "wall_seconds", "finished"};

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string seconds_text(double seconds) {
  if (std::isnan(seconds)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", seconds);
  return buf;
}

MemberStatus parse_status(const sim::CsvTable& table, std::size_t r, int c) {
  const std::string& text = table.text(r, c);
  if (text == "pending") return MemberStatus::kPending;
  if (text == "running") return MemberStatus::kRunning;
  if (text == "complete") return MemberStatus::kComplete;
  if (text == "failed") return MemberStatus::kFailed;
  table.fail(r, c, "expected pending, running, complete or failed");
}

}  // namespace

std::string status_name(MemberStatus status) {
  switch (status) {
    case MemberStatus::kPending:
      return "pending";
    case MemberStatus::kRunning:
      return "running";
    case MemberStatus::kComplete:
      return "complete";
    case MemberStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::string members_dir(const std::string& dir) { return (fs::path(dir) / "members").string(); }

std::string member_file(const std::string& dir, const std::string& id) {
  return (fs::path(dir) / "members" / (id + ".h5")).string();
}

std::string failure_file(const std::string& dir, const std::string& id) {
  return (fs::path(dir) / "members" / (id + ".failed")).string();
}

std::string staged_file(const std::string& dir, const std::string& id) {
  return (fs::path(dir) / "members" / (id + ".h5.staged")).string();
}

std::string manifest_file(const std::string& dir) {
  return (fs::path(dir) / "manifest.csv").string();
}

MemberRecord scan_member(const std::string& dir, const std::string& id) {
  MemberRecord record;
  std::error_code ec;
  if (fs::exists(member_file(dir, id), ec)) {
    std::string why;
    if (verify_published(dir, id, &why)) {
      record.status = MemberStatus::kComplete;
    } else {
      record.status = MemberStatus::kFailed;
      record.error = "member file fails its check (" + why + "); rerun the sweep to write it again";
    }
    return record;
  }
  std::ifstream in(failure_file(dir, id));
  if (!in) return record;
  record.status = MemberStatus::kFailed;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "error") record.error = value;
    if (key == "finished") record.finished = value;
    if (key == "wall_seconds") {
      try {
        record.wall_seconds = std::stod(value);
      } catch (const std::exception&) {
        // An unreadable timing is only unknown.
      }
    }
  }
  if (record.error.empty()) record.error = "failed (no message recorded)";
  return record;
}

void read_member_timing(const std::string& path, MemberRecord& record) {
  try {
    sim::H5Id file = sim::open_h5_for_reading(path);
    if (auto wall = sim::attribute_text(file.get(), "timing_wall")) {
      record.wall_seconds = std::stod(*wall);
    }
    if (auto end = sim::attribute_text(file.get(), "end_time")) record.finished = *end;
  } catch (const std::exception&) {
    // Timing is informative; a file that cannot be read shows up when the ensemble is merged.
  }
}

void write_failure(const std::string& dir, const std::string& id, const MemberRecord& record) {
  write_file_atomically(failure_file(dir, id),
                        "wall_seconds=" + seconds_text(record.wall_seconds) + "\nfinished=" +
                            record.finished + "\nerror=" + one_line(record.error) + "\n",
                        Durability::kRenameOnly);
}

void clear_failure(const std::string& dir, const std::string& id) {
  std::error_code ignored;
  fs::remove(failure_file(dir, id), ignored);
}

Manifest manifest_from_plan(const SweepPlan& plan) {
  Manifest manifest;
  for (const SweepParameter& p : plan.parameters) manifest.parameters.push_back(p.key_path);
  for (const SweepMember& m : plan.members) {
    ManifestRow row;
    row.index = m.index;
    row.member_id = m.id;
    row.point_id = m.point_id;
    row.scenario = plan.scenarios[m.scenario].name;
    row.replicate = m.replicate;
    row.root_seed = plan.root_seed;
    row.seed = m.seed;
    for (std::size_t j = 0; j < plan.parameters.size(); ++j) {
      row.values.push_back(plan.value_text(j, plan.points[m.point].values[j]));
    }
    manifest.rows.push_back(std::move(row));
  }
  return manifest;
}

void refresh_manifest(const std::string& dir, Manifest& manifest) {
  for (ManifestRow& row : manifest.rows) {
    if (row.record.status == MemberStatus::kRunning) continue;  // this process knows better
    MemberRecord scanned = scan_member(dir, row.member_id);
    if (scanned.status == MemberStatus::kComplete) {
      if (row.record.status == MemberStatus::kComplete && !std::isnan(row.record.wall_seconds)) {
        continue;
      }
      read_member_timing(member_file(dir, row.member_id), scanned);
    }
    row.record = std::move(scanned);
  }
}

void adopt_timings(const Manifest& older, Manifest& manifest) {
  std::map<std::string, const MemberRecord*> known;
  for (const ManifestRow& row : older.rows) {
    if (row.record.status == MemberStatus::kComplete) known[row.member_id] = &row.record;
  }
  for (ManifestRow& row : manifest.rows) {
    const auto it = known.find(row.member_id);
    if (it == known.end() || row.record.status != MemberStatus::kComplete) continue;
    row.record.wall_seconds = it->second->wall_seconds;
    row.record.finished = it->second->finished;
  }
}

void write_manifest(const std::string& dir, const Manifest& manifest) {
  std::ostringstream out;
  std::vector<std::string> header = kLeadColumns;
  header.insert(header.end(), manifest.parameters.begin(), manifest.parameters.end());
  header.insert(header.end(), kTailColumns.begin(), kTailColumns.end());
  for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << csv_field(header[i]);
  out << "\n";
  for (const ManifestRow& row : manifest.rows) {
    out << row.index << "," << row.member_id << "," << row.point_id << ","
        << csv_field(row.scenario) << "," << row.replicate << "," << row.root_seed << ","
        << row.seed;
    for (const std::string& v : row.values) out << "," << csv_field(v);
    out << "," << status_name(row.record.status) << "," << csv_field(one_line(row.record.error))
        << "," << seconds_text(row.record.wall_seconds) << "," << row.record.finished << "\n";
  }
  write_file_atomically(manifest_file(dir), out.str(), Durability::kRenameOnly);
}

Manifest read_manifest(const std::string& dir) {
  const sim::CsvTable table = sim::read_csv(manifest_file(dir), sim::InputKind::kIo);
  Manifest manifest;
  const auto& header = table.header();
  std::vector<int> lead;
  lead.reserve(kLeadColumns.size());
  for (const std::string& name : kLeadColumns) lead.push_back(table.column(name));
  const int status = table.column("status");
  if (status <= lead.back()) {
    throw sim::InputError(sim::InputKind::kIo, table.header_location(), "status",
                          "expected the parameter columns between seed and status");
  }
  std::vector<int> params;
  for (int c = lead.back() + 1; c < status; ++c) {
    params.push_back(c);
    manifest.parameters.push_back(header[static_cast<std::size_t>(c)]);
  }
  const int error = table.column("error");
  const int wall = table.column("wall_seconds");
  const int finished = table.column("finished");
  for (std::size_t r = 0; r < table.size(); ++r) {
    ManifestRow row;
    row.index = static_cast<std::size_t>(table.integer(r, lead[0]));
    row.member_id = table.text(r, lead[1]);
    row.point_id = table.text(r, lead[2]);
    row.scenario = table.text(r, lead[3]);
    row.replicate = table.integer(r, lead[4]);
    row.root_seed = table.integer(r, lead[5]);
    const std::string& seed = table.text(r, lead[6]);
    try {
      std::size_t used = 0;
      row.seed = std::stoull(seed, &used);
      if (used != seed.size()) throw std::invalid_argument(seed);
    } catch (const std::exception&) {
      table.fail(r, lead[6], "expected an unsigned 64-bit integer");
    }
    if (row.member_id.empty() || row.member_id.find_first_of("/\\.") != std::string::npos) {
      table.fail(r, lead[1], "not a member id");
    }
    for (int c : params) row.values.push_back(table.text(r, c));
    row.record.status = parse_status(table, r, status);
    row.record.error = table.text(r, error);
    if (const auto w = table.optional_number(r, wall)) row.record.wall_seconds = *w;
    row.record.finished = table.text(r, finished);
    manifest.rows.push_back(std::move(row));
  }
  return manifest;
}

}  // namespace app
