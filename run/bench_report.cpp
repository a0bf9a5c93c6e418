// Formatting of the `--bench` report and the bandwidth bound it compares the run against.
#include "run/bench_report.hpp"

#include "sim/bandwidth.hpp"

namespace app {

void print_bench_report(const BenchReport& r, std::FILE* out) {
  const std::uint64_t agents = r.workers + r.firms;
  const double updates = static_cast<double>(agents) * r.ticks;
  const double rate = r.wall_seconds > 0 ? updates / r.wall_seconds : 0.0;
  const double years = r.ticks * r.months_per_tick / 12.0;
  const auto percent = [&](double s) {
    return r.wall_seconds > 0 ? 100.0 * s / r.wall_seconds : 0;
  };
  std::fprintf(out, "agents             %llu (%llu workers, %llu firms)\n",
               static_cast<unsigned long long>(agents), static_cast<unsigned long long>(r.workers),
               static_cast<unsigned long long>(r.firms));
  std::fprintf(out, "ticks              %d (%.2f simulated years)\n", r.ticks, years);
  std::fprintf(out, "threads            %d\n", r.threads);
  std::fprintf(out, "wall time          %.3f s\n", r.wall_seconds);
  std::fprintf(out, "agent updates/s    %.4g (whole run)\n", rate);
  std::fprintf(out, "s per sim. year    %.4f\n", years > 0 ? r.wall_seconds / years : 0.0);
  std::fprintf(out, "initialisation     %.3f s (%.1f%%)\n", r.init_seconds,
               percent(r.init_seconds));
  double phases = 0;
  for (const auto& [name, seconds] : r.phase_seconds) {
    std::fprintf(out, "phase %-16s %.3f s (%.1f%%)\n", name.c_str(), seconds, percent(seconds));
    phases += seconds;
  }
  std::fprintf(out, "output             %.3f s (%.1f%%)\n", r.output_seconds,
               percent(r.output_seconds));
  std::fprintf(out, "other              %.3f s (%.1f%%)\n",
               r.wall_seconds - r.init_seconds - phases - r.output_seconds,
               percent(r.wall_seconds - r.init_seconds - phases - r.output_seconds));
  std::fprintf(out, "peak memory        %.1f MiB (%.1f bytes per agent)\n",
               static_cast<double>(r.peak_rss_bytes) / 1048576.0,
               agents ? static_cast<double>(r.peak_rss_bytes) / static_cast<double>(agents) : 0.0);
  std::fprintf(out, "agent state        %.1f MiB (%.2f bytes per agent)\n",
               static_cast<double>(r.state_bytes) / 1048576.0,
               agents ? static_cast<double>(r.state_bytes) / static_cast<double>(agents) : 0.0);
  // The bound: every agent update reads and writes its state once; nothing can go faster than
  // the memory system moves those bytes at this size and thread count.
  const sim::Bandwidth bw = sim::measure_update_bandwidth(r.state_bytes);
  const double per_update =
      agents ? static_cast<double>(r.touched_bytes) / static_cast<double>(agents) : 0.0;
  const double bound = per_update > 0 ? bw.bytes_per_second / per_update : 0.0;
  std::fprintf(out, "stream bandwidth   %.2f GB/s (read+write in place over %.1f MiB)\n",
               bw.bytes_per_second * 1e-9, static_cast<double>(bw.bytes) / 1048576.0);
  std::fprintf(out, "bandwidth bound    %.4g agent updates/s (%.1f bytes touched per update)\n",
               bound, per_update);
  std::fprintf(out, "fraction of bound  %.3f\n", bound > 0 ? rate / bound : 0.0);
}

}  // namespace app
