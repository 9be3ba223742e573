// probe.toml reading: the simulator's shape, every optional key, and errors that name file, key and line.
#include <catch2/catch.hpp>

#include "shikan/probe/config.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::probe;
using Catch::Matchers::Contains;

namespace {
std::string fixture(const std::string& name) { return (test::fixtures() / "config" / name).string(); }
}  // namespace

TEST_CASE("config: the simulator's probe.toml loads with defaults and no warnings", "[probe][config]") {
  const auto l = load_config(fixture("sim_probe.toml"));
  const ProbeConfig& c = l.config;
  CHECK(l.warnings.empty());
  CHECK(c.probe_id == "sim-probe");
  CHECK(c.database == "out/probe.db");
  CHECK(c.sample_interval == std::chrono::milliseconds(1000));
  CHECK(c.flush_interval == std::chrono::milliseconds(1000));
  CHECK(c.flush_rows == 500);
  CHECK(c.fix_max_age == std::chrono::milliseconds(3000));
  CHECK(c.gnss.source == GnssSourceKind::Nmea);
  CHECK(c.gnss.port == "out/dev/gnss");
  CHECK(c.gnss.baud == 9600);
  REQUIRE(c.modems.size() == 1);
  CHECK(c.modems[0].id == "cmcc");
  CHECK(c.modems[0].port == "out/dev/cmcc");
  CHECK(c.modems[0].baud == 115200);
  CHECK(c.modems[0].driver == DriverKind::Quectel);
  CHECK(c.modems[0].lte_sinr == LteSinrEncoding::TwiceMinus20);
  CHECK(c.modems[0].neighbours);
  CHECK(c.modems[0].info_every == 10);
  CHECK(c.gnb_id_lengths.fallback().bits() == 24);
  CHECK_THAT(l.text, Contains("probe_id = \"sim-probe\""));
}

TEST_CASE("config: every optional key is read", "[probe][config]") {
  const auto l = load_config(fixture("full.toml"));
  const ProbeConfig& c = l.config;
  CHECK(l.warnings.empty());
  CHECK(c.sample_interval == std::chrono::milliseconds(2000));
  CHECK(c.flush_interval == std::chrono::milliseconds(500));
  CHECK(c.flush_rows == 200);
  CHECK(c.fix_max_age == std::chrono::milliseconds(5000));
  CHECK(c.log_every == std::chrono::seconds(30));
  CHECK(c.gnss.source == GnssSourceKind::Fixed);
  REQUIRE(c.gnss.fixed);
  CHECK(c.gnss.fixed->lat.degrees() == Approx(31.2304));
  CHECK(c.gnss.alt->value == Approx(12.5));
  CHECK(c.gnb_id_lengths.for_plmn(*Plmn::parse("46000")).bits() == 22);
  CHECK(c.gnb_id_lengths.for_plmn(*Plmn::parse("46011")).bits() == 26);
  CHECK(c.gnb_id_lengths.for_plmn(*Plmn::parse("46001")).bits() == 24);
  REQUIRE(c.modems.size() == 2);
  CHECK(c.modems[0].command_timeout == std::chrono::milliseconds(5000));
  CHECK_FALSE(c.modems[0].neighbours);
  CHECK_FALSE(c.modems[0].nr5g_cell_id);
  CHECK(c.modems[0].info_every == 5);
  CHECK(c.modems[1].driver == DriverKind::Generic);
  CHECK(c.modems[1].lte_sinr == LteSinrEncoding::Db);
}

TEST_CASE("config: unknown keys are warned about by name and line, and ignored", "[probe][config]") {
  const auto l = load_config(fixture("unknown_keys.toml"));
  REQUIRE(l.warnings.size() == 3);
  CHECK_THAT(l.warnings[0], Contains("unknown_keys.toml:8: unknown key 'gnss.speed'"));
  CHECK_THAT(l.warnings[1], Contains("unknown_keys.toml:12: unknown key 'modem[0].drvier'"));
  CHECK_THAT(l.warnings[2], Contains("unknown_keys.toml:3: unknown key 'sample_intervall_ms'"));
  CHECK(l.config.gnss.source == GnssSourceKind::Gpsd);
  CHECK(l.config.gnss.gpsd_port == 2947);
  CHECK(l.config.modems[0].driver == DriverKind::Quectel);
}

TEST_CASE("config: errors name the file, the key and the line", "[probe][config]") {
  CHECK_THROWS_WITH(load_config(fixture("wrong_type.toml")),
                    Contains("wrong_type.toml:3: sample_interval_ms: expected an integer"));
  CHECK_THROWS_WITH(load_config(fixture("missing_port.toml")), Contains("missing_port.toml:6: modem[0].port: missing"));
  CHECK_THROWS_WITH(load_config(fixture("no_such_file.toml")), Contains("no_such_file.toml: cannot read"));
  CHECK_THROWS_WITH(parse_config("probe_id = \"p\"\n", "x.toml"), Contains("x.toml:1: database: missing"));
  CHECK_THROWS_WITH(
      parse_config(
          "probe_id = \"p\"\ndatabase = \"d\"\n[gnss]\nsource = \"glonass\"\n[[modem]]\nid=\"a\"\nport=\"b\"\n",
          "x.toml"),
      Contains("x.toml:4: gnss.source: unknown value 'glonass' (expected nmea | gpsd | fixed | none)"));
  CHECK_THROWS_WITH(
      parse_config("probe_id = \"p\"\ndatabase = \"d\"\nsample_interval_ms = 5\n[[modem]]\nid=\"a\"\nport=\"b\"\n",
                   "x.toml"),
      Contains("x.toml:3: sample_interval_ms: out of range 100..3600000: 5"));
  CHECK_THROWS_WITH(
      parse_config(
          "probe_id = \"p\"\ndatabase = \"d\"\n[[modem]]\nid=\"a\"\nport=\"b\"\n[[modem]]\nid=\"a\"\nport=\"c\"\n",
          "x.toml"),
      Contains("x.toml:7: modem[1].id: duplicate modem id 'a'"));
  CHECK_THROWS_WITH(
      parse_config(
          "probe_id = \"p\"\ndatabase = \"d\"\n[gnb_id_length]\n\"46000\" = 40\n[[modem]]\nid=\"a\"\nport=\"b\"\n",
          "x.toml"),
      Contains("x.toml:4: gnb_id_length.46000: out of range 22..32: 40"));
  CHECK_THROWS_WITH(parse_config("probe_id = \"p\"\ndatabase = = \"d\"\n", "x.toml"), Contains("x.toml:2:"));
}
