#pragma once
// The command table and what every handler is given.
#include <boost/program_options.hpp>

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "balint/app/app.hpp"
#include "balint/core/date.hpp"
#include "balint/store/ledger.hpp"

namespace balint::app {

namespace po = boost::program_options;

/// Resolved global options and the streams to write to.
struct Context {
  std::string db_path;
  std::vector<std::string> rules_dirs;      // in search order
  std::vector<std::string> templates_dirs;  // in search order
  core::Date as_of;
  bool quiet = false;
  std::ostream& out;
  std::ostream& err;
  /// Display columns text output is fitted to: --wide 0 (no limit), else $COLUMNS, else the
  /// terminal's width when standard output is one, else 100.
  int width = 100;

  store::Ledger open_read() const { return store::Ledger(db_path, store::Ledger::Mode::read); }
  store::Ledger open_write() const { return store::Ledger(db_path, store::Ledger::Mode::write); }
  store::Ledger open_create() const { return store::Ledger(db_path, store::Ledger::Mode::create); }
  /// A line for the user unless --quiet, with control and bidi-control characters escaped.
  void say(const std::string& line) const;
  /// Records what a command has committed to the ledger ("entries 12, 13"): should it fail
  /// afterwards (its output cannot be written), the error says so.
  void committed(const std::string& what) const;
};

/// The values of a command's --format option (which the settings file may default).
enum class Formats { none, text_json, text_json_csv };

/// One command: its words, help and handler. `setup` declares its own options.
struct Command {
  std::string name;         // "person add"
  std::string summary;      // one line for the command list
  std::string usage;        // after "balint "
  std::string description;  // a paragraph
  std::vector<std::string> examples;
  std::function<void(po::options_description&, po::positional_options_description&)> setup;
  std::function<int(Context&, const po::variables_map&)> run;
  Formats formats = Formats::none;  // its --format values, which settings may default
  /// Options renamed: {old, new}; the old name is refused with a pointer to the new one.
  std::vector<std::pair<std::string, std::string>> renamed = {};
  std::vector<std::string> settings = {};  // own string options the settings file may give
};

// Each group of commands registers itself here.
void add_people_commands(std::vector<Command>& table);
void add_record_commands(std::vector<Command>& table);
void add_entry_commands(std::vector<Command>& table);
void add_import_commands(std::vector<Command>& table);
void add_rules_commands(std::vector<Command>& table);  // rules list/check, progress, accredit, waive
void add_certificate_commands(std::vector<Command>& table);  // certificate, keys, verify
void add_audit_commands(std::vector<Command>& table);  // audit
void add_user_commands(std::vector<Command>& table);   // user add|list|disable|role|reset|token
void add_serve_command(std::vector<Command>& table, const ServeFn& serve);  // serve

/// Every command, in the order `balint --help` lists them (serve only when `serve` is given).
std::vector<Command> command_table(const ServeFn& serve);
/// The options every command takes.
po::options_description global_options();

// Helpers shared by handlers.
/// The value of a string option, or empty.
std::string opt_str(const po::variables_map& vm, const char* name);
/// A required date option.
core::Date opt_date(const po::variables_map& vm, const char* name);
/// An optional date option.
std::optional<core::Date> opt_date_if(const po::variables_map& vm, const char* name);
/// Checks and NFC-normalises free text given on the command line.
std::string text_arg(const std::string& value, const char* what);
/// Requires an existing person id; UsageError with "did you mean" otherwise.
void require_person(const store::Ledger& ledger, const std::string& id, const char* what);
/// The output format option: text, json or csv.
std::string output_format(const po::variables_map& vm, bool csv_allowed = true);
/// `--from/--to` or `-p/--period` as a period.
core::Period period_from(const po::variables_map& vm, core::Date today);
/// Declares --from, --to and -p/--period.
void add_period_options(po::options_description& d);
/// Declares --format text|json[|csv].
void add_format_option(po::options_description& d, bool csv_allowed = true);

}  // namespace balint::app
