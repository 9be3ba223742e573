// The true site list written beside the truth (docs/simulator.md §9), derived from the same cell plan
// the world uses, so a rejected row is left out here too.
#include <fmt/format.h>

#include <map>

#include "shikan/sim/export.hpp"
#include "shikan/sim/world.hpp"

namespace shikan::sim {

std::string true_sites_csv(const CityBundle& city) {
  const LocalFrame frame(city.config.centre);
  const CellPlan plan = plan_cells(city.config, city.sites, frame, (city.dir / "sites.csv").string());
  std::string out = "site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,band,azimuths\n";
  for (const OperatorConfig& op : city.config.operators) {
    // Every accepted row has LTE cells (its own or its NR site's LTE layer); NR cells share its site_index.
    std::map<std::size_t, const Cell*> nr_of_site;
    if (const auto it = plan.nr.find(op.key); it != plan.nr.end())
      for (const Cell& c : it->second) nr_of_site.emplace(c.site_index, &c);
    const auto lte = plan.lte.find(op.key);
    if (lte == plan.lte.end()) continue;
    std::map<std::size_t, std::string> azimuths;
    for (const Cell& c : lte->second) {
      std::string& a = azimuths[c.site_index];
      if (!a.empty()) a += ';';
      a.append(fmt::format("{:g}", c.azimuth_deg));
    }
    for (const Cell& c : lte->second) {
      if (c.sector != 0) continue;
      const GeoPoint p = frame.to_geo(c.pos);
      const auto nr = nr_of_site.find(c.site_index);
      const bool is_nr = nr != nr_of_site.end();
      out += fmt::format("{},{},{:.7f},{:.7f},{},{},{},{},{}\n", c.site_id, op.plmn.str(), p.lat.degrees(),
                         p.lon.degrees(), is_nr ? std::to_string(nr->second->node_id) : "",
                         is_nr ? std::to_string(op.gnb_id_length) : "", c.node_id,
                         is_nr ? nr->second->band.name() : c.band.name(), azimuths[c.site_index]);
    }
  }
  return out;
}

}  // namespace shikan::sim
