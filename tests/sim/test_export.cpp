// Measurement export on the two-operator fixture town (tests/fixtures/city2): rows parse back with core's
// CSV reader, identities belong to real sites, NSA rows carry the anchor ECI and the NR leg, values equal
// what the emulated modem prints, and faults remove exactly what the probe would miss.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "shikan/core/csv.hpp"
#include "shikan/core/sites.hpp"
#include "shikan/sim/export.hpp"
#include "shikan/sim/modem.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::sim;

namespace {

using Row = std::map<std::string, std::string>;

struct Exported {
  std::vector<Row> rows;
  std::vector<std::string> truth;
  ExportStats stats;
};

SimOptions options(std::int64_t seconds, std::vector<Fault> faults = {}) {
  SimOptions o;
  o.seed = 5;
  o.duration_ms = seconds * 1000;
  o.faults = std::move(faults);
  return o;
}

Exported run_export(std::int64_t seconds, std::vector<Fault> faults = {}) {
  Simulation sim(load_city(test::fixtures() / "city2"), options(seconds, std::move(faults)));
  std::ostringstream csv_text, truth_text;
  ExportOptions eo;
  eo.truth = &truth_text;
  Exported e;
  e.stats = export_measurements(sim, csv_text, eo);
  std::istringstream in(csv_text.str());
  csv::CsvReader reader(in, csv::Dialect{}, "export");
  std::vector<std::string> header;
  while (auto rec = reader.next()) {
    if (header.empty()) {
      header.assign(rec->fields.begin(), rec->fields.end());
      continue;
    }
    REQUIRE(rec->fields.size() == header.size());
    Row r;
    for (std::size_t i = 0; i < header.size(); ++i) r[header[i]] = std::string(rec->fields[i]);
    e.rows.push_back(std::move(r));
  }
  std::ostringstream joined;
  for (std::size_t i = 0; i < header.size(); ++i) joined << (i ? "," : "") << header[i];
  CHECK(joined.str() == kMeasurementCsvHeader);
  std::istringstream tin(truth_text.str());
  for (std::string line; std::getline(tin, line);) e.truth.push_back(line);
  return e;
}

std::uint64_t u64(const std::string& s) { return std::stoull(s); }

std::vector<std::string> split(const std::string& s, char d) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == d)
      out.emplace_back();
    else
      out.back().push_back(c);
  }
  return out;
}

}  // namespace

TEST_CASE("export: one row per operator per second with identities of real sites", "[sim][export]") {
  const CityBundle city = load_city(test::fixtures() / "city2");
  std::set<std::uint32_t> cmcc_gnbs, ctcc_enbs;
  for (const SiteRow& s : city.sites.sites) {
    if (s.op == Operator::ChinaMobile)
      cmcc_gnbs.insert(s.gnb_id);
    else
      ctcc_enbs.insert(s.gnb_id & 0xFFFFFu);  // the eNB ID of an NR site's LTE layer
  }

  const Exported e = run_export(120);
  REQUIRE(e.rows.size() == 2 * 121);
  CHECK(e.stats.rows == e.rows.size());
  CHECK(e.stats.rows_skipped == 0);
  int nsa = 0;
  for (std::size_t i = 0; i < e.rows.size(); ++i) {
    const Row& r = e.rows[i];
    CHECK(r.at("time") ==
          to_iso8601(UtcTime{parse_iso8601("2026-06-01T02:00:00Z")->ms + static_cast<std::int64_t>(i / 2) * 1000}));
    CHECK(r.at("plmn") == (i % 2 == 0 ? "46000" : "46011"));  // city order
    CHECK_FALSE(r.at("lat").empty());
    if (r.at("plmn") == "46000" && r.at("rat") == "NR-SA") {
      CHECK(cmcc_gnbs.count(static_cast<std::uint32_t>(u64(r.at("cell_id")) >> (36 - 24))) == 1);  // L = 24
      CHECK(r.at("arfcn") == "504990");
      CHECK(r.at("band") == "41");
      CHECK(r.at("nr_rsrp").empty());
    }
    if (r.at("plmn") == "46011") {
      REQUIRE((r.at("rat") == "NR-NSA" || r.at("rat") == "LTE"));
      CHECK(u64(r.at("cell_id")) <= Eci::kMax);  // the LTE anchor's ECI, never an NCI
      CHECK(ctcc_enbs.count(static_cast<std::uint32_t>(u64(r.at("cell_id")) >> 8)) == 1);
      CHECK(r.at("arfcn") == "1825");
      const bool leg = r.at("rat") == "NR-NSA";
      nsa += leg;
      for (const char* col : {"nr_pci", "nr_arfcn", "nr_rsrp", "nr_rsrq", "nr_sinr"}) CHECK(r.at(col).empty() == !leg);
      if (leg) CHECK(r.at("nr_arfcn") == "630000");
    }
    if (r.at("rat") != "NONE") {
      CHECK(std::stoi(r.at("rsrp")) <= -40);
      CHECK(std::stoi(r.at("ta")) >= 0);
    }
  }
  CHECK(nsa > 0);
}

TEST_CASE("export: values equal the emulated modem's AT+QENG and the receiver's fix", "[sim][export]") {
  const Exported e = run_export(60);
  // The receiver's position per second, from the truth lines the same run wrote.
  std::map<std::string, nlohmann::json> gnss;
  for (const std::string& l : e.truth) {
    const auto j = nlohmann::json::parse(l);
    if (j["kind"] == "state") gnss[j["utc"].get<std::string>()] = j["gnss"];
  }
  for (const Row& r : e.rows) {
    const nlohmann::json& g = gnss.at(r.at("time"));
    CHECK(std::stod(r.at("lat")) == Approx(g["lat"].get<double>()).margin(1.5e-7));
    CHECK(std::stod(r.at("lon")) == Approx(g["lon"].get<double>()).margin(1.5e-7));
    CHECK(std::stod(r.at("hdop")) == g["hdop"].get<double>());
  }
  // A second identical simulation drives the modems; their QENG answers match the rows.
  const CityBundle city = load_city(test::fixtures() / "city2");
  Simulation sim(city, options(60));
  std::vector<ModemCore> modems;
  for (const OperatorConfig& o : sim.operators())
    modems.emplace_back(ModemSetup{o, o.firmware, false, "869955065336336"});
  for (std::int64_t t = 0; t <= 60'000; t += 1000) {
    sim.tick(t);
    for (std::size_t m = 0; m < modems.size(); ++m) {
      const Row& r = e.rows[static_cast<std::size_t>(t / 1000) * 2 + m];
      const std::string ans =
          modems[m].feed("AT+QENG=\"servingcell\"\r", ModemWorld{sim.snapshot(sim.operators()[m].key), false});
      if (r.at("rat") == "NR-SA") {  // +QENG: "servingcell","NOCONN","NR5G-SA","TDD",460,00,<NCI
                                     // hex>,pci,tac,arfcn,band,bw,rsrp,rsrq,sinr,...
        const auto f = split(ans.substr(ans.find("+QENG")), ',');
        CHECK(std::stoull(f[6], nullptr, 16) == u64(r.at("cell_id")));
        CHECK(f[7] == r.at("pci"));
        CHECK(f[12] == r.at("rsrp"));
        CHECK(f[13] == r.at("rsrq"));
        CHECK(f[14] == r.at("sinr"));
      } else if (r.at("rat") ==
                 "NR-NSA") {  // "LTE","FDD",460,11,<ECI hex>,pci,earfcn,band,ul,dl,tac,rsrp,rsrq,rssi,sinr_raw,...
        const auto lte = split(ans.substr(ans.find("\"LTE\"")), ',');
        CHECK(std::stoull(lte[4], nullptr, 16) == u64(r.at("cell_id")));
        CHECK(lte[11] == r.at("rsrp"));
        CHECK(2 * std::stoi(lte[14]) - 20 == std::stoi(r.at("sinr")));  // probe.toml lte_sinr = "twice_minus_20"
        const auto nr = split(ans.substr(ans.find("+QENG:\"NR5G-NSA\"")), ',');  // mcc,mnc,pci,rsrp,sinr,rsrq,arfcn,...
        CHECK(nr[3] == r.at("nr_pci"));
        CHECK(nr[4] == r.at("nr_rsrp"));
        CHECK(nr[5] == r.at("nr_sinr"));
        CHECK(nr[6] == r.at("nr_rsrq"));
      }
    }
  }
}

TEST_CASE("export: tunnel empties the position, unplug and QENG errors remove the modem's rows",
          "[sim][export][faults]") {
  const Exported e = run_export(40, {parse_fault("tunnel@10+5").value(), parse_fault("unplug:ctcc@20+5").value(),
                                     parse_fault("error:cmcc@30+3").value()});
  CHECK(e.stats.rows_skipped == 5 + 3);
  CHECK(e.stats.rows == 2 * 41 - 8);
  CHECK(e.stats.rows_without_fix == 2 * 5);
  std::map<int, std::set<std::string>> ops_at;
  for (const Row& r : e.rows) {
    const int s =
        static_cast<int>((parse_iso8601(r.at("time"))->ms - parse_iso8601("2026-06-01T02:00:00Z")->ms) / 1000);
    ops_at[s].insert(r.at("plmn"));
    const bool tunnel = s >= 10 && s < 15;
    CHECK(r.at("lat").empty() == tunnel);
    CHECK(r.at("lon").empty() == tunnel);
    CHECK(r.at("hdop").empty() == tunnel);
    CHECK_FALSE(r.at("cell_id").empty());  // radio values go on without a fix
  }
  for (int s = 0; s <= 40; ++s) {
    CHECK(ops_at[s].count("46011") == (s >= 20 && s < 25 ? 0u : 1u));
    CHECK(ops_at[s].count("46000") == (s >= 30 && s < 33 ? 0u : 1u));
  }
}

TEST_CASE("timing advance: TS 36.213 / 38.213 steps and ranges", "[sim][export]") {
  // LTE: 16 Ts = 520.83 ns round trip = 78.07 m one way.
  CHECK(timing_advance(Metres(0), Tech::Lte, 15) == 0);
  CHECK(timing_advance(Metres(78.07), Tech::Lte, 15) == 1);
  CHECK(timing_advance(Metres(1000), Tech::Lte, 15) == 13);  // 12.81
  CHECK(timing_advance(Metres(200000), Tech::Lte, 15) == 1282);
  // NR: 16·64·Tc/2^μ; μ = 0 equals LTE, μ = 1 (30 kHz) halves the step to 39.03 m.
  CHECK(timing_advance(Metres(1000), Tech::Nr, 15) == 13);
  CHECK(timing_advance(Metres(1000), Tech::Nr, 30) == 26);    // 25.62
  CHECK(timing_advance(Metres(1000), Tech::Nr, 120) == 102);  // 102.46 (9.76 m steps)
  CHECK(timing_advance(Metres(200000), Tech::Nr, 30) == 3846);
}

TEST_CASE("true site list: the world's sites with gNB and eNB ids, readable as a sites file", "[sim][export]") {
  const std::string text = true_sites_csv(load_city(test::fixtures() / "city2"));
  const SiteList list = parse_sites(text, csv::TextEncoding::Utf8, "true_sites.csv");
  CHECK(list.rejections.empty());
  REQUIRE(list.sites.size() == 12);
  const ReportedSite& lz01 = list.sites.front();
  CHECK(lz01.site_id == "LZ-01");
  CHECK(lz01.op.plmn->str() == "46000");
  CHECK(lz01.gnb_id == 1511001u);
  CHECK(lz01.gnb_id_bits == 24);
  CHECK(lz01.enb_id == (1511001u & 0xFFFFFu));
  CHECK(lz01.pos.lat.degrees() == Approx(31.1).margin(1e-7));
  CHECK(list.sites[6].op.plmn->str() == "46011");
  CHECK(list.sites[6].gnb_id_bits == 22);
}
