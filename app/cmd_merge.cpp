// `aidivide merge DIR`: builds a sweep's ensemble.h5 and ensemble_stats.h5 from its members.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "ensemble/member_claim.hpp"
#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_merge.hpp"

namespace po = boost::program_options;

namespace app {

int cmd_merge(int argc, char** argv) {
  CommandLine cli(
      "merge",
      "usage: aidivide merge DIR [-o FILE]\n\n"
      "Brings DIR/manifest.csv up to date with DIR/members (members completed by any shard or\n"
      "rank) and merges the complete members into FILE (default DIR/ensemble.h5) and\n"
      "FILE_stats.h5 (DIR/ensemble_stats.h5). Run it once every shard of a job array is done.\n"
      "Exit status: 0 every member merged, 1 some member not complete (the complete ones are\n"
      "merged) or a member file unreadable, 2 no readable manifest in DIR.\n\n");
  std::string dir, output;
  cli.options().add_options()("output,o", po::value(&output),
                              "ensemble file (default DIR/ensemble.h5)");
  cli.positional("DIR", &dir);
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (output.empty()) output = (std::filesystem::path(dir) / "ensemble.h5").string();

  Manifest manifest;
  try {
    manifest = read_manifest(dir);
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  }
  refresh_manifest(dir, manifest);
  try {
    write_manifest(dir, manifest);
  } catch (const sim::InputError& e) {
    // A read-only sweep directory can still be merged elsewhere with -o.
    std::cerr << "aidivide merge: manifest not updated: " << e.what() << "\n";
  }
  std::size_t complete = 0, failed = 0;
  for (const ManifestRow& row : manifest.rows) {
    complete += row.record.status == MemberStatus::kComplete;
    failed += row.record.status == MemberStatus::kFailed;
  }
  try {
    const MemberClaim claim(merge_claim_file(dir));
    if (!claim.held()) {
      std::cerr << "aidivide merge: " << claim.holder_text() << " is merging this sweep\n";
      return kExitFailure;
    }
    const MergeSummary merged = merge_ensemble(dir, manifest, output);
    std::cerr << "aidivide merge: wrote " << merged.ensemble_path << " (" << merged.members
              << " runs) and " << merged.stats_path << " (" << merged.points << " points)\n";
  } catch (const std::exception& e) {
    std::cerr << "aidivide merge: " << e.what() << "\n";
    return kExitFailure;
  }
  if (complete != manifest.rows.size()) {
    std::cerr << "aidivide merge: " << manifest.rows.size() - complete << " of "
              << manifest.rows.size() << " members not complete (" << failed
              << " failed); merged the " << complete << " complete ones\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace app
