// shikan-probe: the field agent. Thin: parses options, calls the probe library, maps exceptions to
// a message naming the file or device and an exit code (0 ok, 1 environment failure, 2 bad config
// or usage).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "shikan/core/campaign.hpp"
#include "shikan/core/store.hpp"
#include "shikan/probe/agent.hpp"
#include "shikan/probe/config.hpp"
#include "shikan/probe/decode.hpp"
#include "shikan/probe/note.hpp"
#include "shikan/probe/summary.hpp"

namespace {

using namespace shikan;
using namespace shikan::probe;

struct RunArgs {
  std::string config, commit_log, lang = "zh", campaign;
  int duration_s = 0;
  bool quiet = false;
};

int cmd_run(const RunArgs& a) {
  const auto lang = parse_lang(a.lang);
  if (!lang) throw ConfigError("--lang: expected zh or en, got '" + a.lang + "'");
  LoadedConfig cfg = load_config(a.config);
  for (const auto& w : cfg.warnings) std::cerr << "warning: " << w << '\n';
  AgentOptions opt;
  // Read before anything is opened: a bad campaign file stops the run with exit code 2.
  if (!a.campaign.empty()) opt.campaign = read_campaign_file(a.campaign);
  else if (cfg.config.campaign) opt.campaign = read_campaign_file(*cfg.config.campaign);
  std::ofstream commit_log;
  if (!a.commit_log.empty()) {
    commit_log.open(a.commit_log, std::ios::app);
    if (!commit_log) throw std::runtime_error(a.commit_log + ": cannot open the commit log for writing");
    opt.commit_log = &commit_log;
  }
  if (a.duration_s > 0) opt.duration = std::chrono::seconds(a.duration_s);
  opt.screen = a.quiet ? nullptr : &std::cout;
  opt.tty = ::isatty(STDOUT_FILENO) == 1;
  opt.lang = *lang;
  SystemClock clock;
  Agent agent(std::move(cfg), clock, opt);
  return agent.run();
}

int cmd_decode(const std::string& file, const std::string& lte_sinr) {
  DecodeOptions opt;
  if (lte_sinr == "twice_minus_20") {
    opt.quectel.lte_sinr = LteSinrEncoding::TwiceMinus20;
  } else if (lte_sinr == "fifth_minus_20") {
    opt.quectel.lte_sinr = LteSinrEncoding::FifthMinus20;
  } else if (lte_sinr == "db") {
    opt.quectel.lte_sinr = LteSinrEncoding::Db;
  } else {
    throw ConfigError("--lte-sinr: expected twice_minus_20 | fifth_minus_20 | db, got '" + lte_sinr + "'");
  }
  DecodeStats stats;
  if (file == "-") {
    stats = decode_stream(std::cin, std::cout, opt);
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file + ": cannot open the transcript for reading");
    stats = decode_stream(in, std::cout, opt);
    if (in.bad()) throw std::runtime_error(file + ": read error");
  }
  std::cout.flush();
  std::cerr << "decoded " << stats.lines << " lines: " << stats.total_records() << " records, " << stats.errors()
            << " errors\n";
  return 0;  // error records are output, not failure
}

int cmd_summary(const std::string& db, std::int64_t session, bool json, const std::string& lang_s) {
  const auto lang = parse_lang(lang_s);
  if (!lang) throw ConfigError("--lang: expected zh or en, got '" + lang_s + "'");
  if (!std::filesystem::exists(db)) throw std::runtime_error(db + ": no such database file");
  StoreOptions so;
  so.read_only = true;
  LogStore store(db, so);
  const auto sessions = store.sessions();
  if (sessions.empty()) throw std::runtime_error(db + ": the log holds no session");
  const SessionId id = session > 0 ? session : sessions.back().id;
  const SessionSummary s = summarize(store, id);
  std::cout << (json ? summary_json(s) + "\n" : render_summary(s, *lang));
  return 0;
}

int cmd_note(const std::string& config, std::string db, const std::string& text) {
  if (db.empty()) {
    if (config.empty()) throw ConfigError("note: give --config (the probe's configuration) or --db");
    db = load_config(config).config.database.string();
  }
  if (!std::filesystem::exists(db)) throw std::runtime_error(db + ": no such database file");
  LogStore store(db);
  SystemClock clock;
  const SessionId session = add_note(store, clock, text);
  std::cout << "已记录备注 / note recorded (session " << session << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"shikan-probe: field probe for 5G network audits (modems + GNSS -> crash-safe SQLite log)"};
  app.require_subcommand(1);

  RunArgs run;
  auto* r = app.add_subcommand("run", "sample every configured modem with GNSS positions into the log");
  r->add_option("--config", run.config, "probe configuration (TOML; see docs/probe.md)")->required();
  r->add_option("--duration", run.duration_s, "stop cleanly after SEC seconds (scripted runs)")
      ->check(CLI::PositiveNumber);
  r->add_option("--commit-log", run.commit_log, "append 'committed <session> <total_rows>' after each committed flush");
  r->add_option("--lang", run.lang, "status language: zh (default) or en");
  r->add_flag("--quiet", run.quiet, "no status output");
  r->add_option("--campaign", run.campaign,
                "campaign.json from `shikan survey plan`: geofence events and the next stop on the status screen "
                "(overrides the configuration's `campaign`)");

  std::string decode_file = "-", lte_sinr = "twice_minus_20";
  auto* d = app.add_subcommand("decode", "decode an AT/NMEA transcript to JSON Lines on stdout");
  d->add_option("file", decode_file, "transcript file, or - for stdin");
  d->add_option("--lte-sinr", lte_sinr, "LTE SINR encoding: twice_minus_20 (default) | fifth_minus_20 | db");

  std::string db, sum_lang = "zh";
  std::int64_t session = 0;
  bool json = false;
  auto* s = app.add_subcommand("summary", "summarise a probe log (per modem: samples, NR share, cells, fix, gaps)");
  s->add_option("--db", db, "probe database (SQLite)")->required();
  s->add_option("--session", session, "session id (default: the latest)");
  s->add_flag("--json", json, "JSON instead of text");
  s->add_option("--lang", sum_lang, "text language: zh (default) or en");

  std::string note_config, note_db, note_text;
  auto* n = app.add_subcommand("note", "record an inspector's note in the running (or latest) session");
  n->add_option("--config", note_config, "the probe configuration (its database is used)");
  n->add_option("--db", note_db, "probe database (SQLite), instead of --config");
  n->add_option("text", note_text, "the note, e.g. \"到达第一人民医院\"")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (*r) return cmd_run(run);
    if (*d) return cmd_decode(decode_file, lte_sinr);
    if (*s) return cmd_summary(db, session, json, sum_lang);
    if (*n) return cmd_note(note_config, note_db, note_text);
  } catch (const ConfigError& e) {
    std::cerr << "shikan-probe: configuration error: " << e.what() << '\n';
    return 2;
  } catch (const CampaignError& e) {
    std::cerr << "shikan-probe: campaign error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "shikan-probe: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
