// The I/O edge of the measurement export: files, wall-clock progress and speed (docs/simulator.md §9).
#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <system_error>

#include "rig_setup.hpp"
#include "shikan/sim/export.hpp"
#include "shikan/sim/rig.hpp"

namespace shikan::sim {
namespace {

using Steady = std::chrono::steady_clock;

std::ofstream open_out(const std::filesystem::path& p) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  if (!f) throw std::system_error(errno, std::generic_category(), "cannot write " + p.string());
  return f;
}

void close_out(std::ofstream& f, const std::filesystem::path& p) {
  f.close();
  if (!f) throw std::system_error(errno, std::generic_category(), "cannot write " + p.string());
}

double seconds_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

}  // namespace

int run_export(const RigOptions& opt, const std::filesystem::path& csv_path, std::ostream& out, std::ostream& err) {
  CityBundle city = load_city(opt.city_dir);
  if (!opt.route.empty()) use_route(city, opt.route);
  Simulation sim(city, detail::sim_options_for(opt, city));
  detail::report_warnings(sim, err);

  std::filesystem::create_directories(opt.out_dir);
  const auto out_dir = std::filesystem::canonical(opt.out_dir);
  if (csv_path.has_parent_path()) std::filesystem::create_directories(csv_path.parent_path());
  const auto truth_path = out_dir / "truth.jsonl", sites_path = out_dir / "true_sites.csv",
             gpx_path = out_dir / "route.gpx";
  {
    std::ofstream sites = open_out(sites_path);
    sites << true_sites_csv(city);
    close_out(sites, sites_path);
    std::ofstream gpx = open_out(gpx_path);
    gpx << to_gpx(sim.route_points(), city.config.name);
    close_out(gpx, gpx_path);
  }
  std::ofstream csv = open_out(csv_path), truth = open_out(truth_path);

  const Steady::time_point t0 = Steady::now();
  ExportOptions eo;
  eo.truth = &truth;
  eo.on_progress = [&](const ExportProgress& p) {
    const double wall = seconds_since(t0);
    err << fmt::format("export {} t={}s/{}s {:.0f}% rows={} {:.0f} rows/s\n", to_iso8601(sim.utc(p.t_ms)),
                       p.t_ms / 1000, p.end_ms / 1000,
                       100.0 * static_cast<double>(p.t_ms) / static_cast<double>(std::max<std::int64_t>(p.end_ms, 1)),
                       p.rows, static_cast<double>(p.rows) / std::max(wall, 1e-9))
        << std::flush;
  };
  const ExportStats st = export_measurements(sim, csv, eo);
  close_out(csv, csv_path);
  close_out(truth, truth_path);
  const double wall = seconds_since(t0);
  err << fmt::format(
      "export done: {} rows ({} without a fix, {} operator-seconds skipped) for {} s simulated, {:.3f} km, in {:.2f} s "
      "wall: {:.0f} rows/s\n",
      st.rows, st.rows_without_fix, st.rows_skipped, st.simulated_ms / 1000, sim.km_driven(st.simulated_ms), wall,
      static_cast<double>(st.rows) / std::max(wall, 1e-9));
  out << "measurements " << std::filesystem::absolute(csv_path).string() << "\n"
      << "truth " << truth_path.string() << "\n"
      << "true_sites " << sites_path.string() << std::endl;
  return 0;
}

}  // namespace shikan::sim
