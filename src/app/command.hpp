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
#include "balint/rules/catalogue.hpp"
#include "balint/store/ledger.hpp"

namespace balint::app {

namespace po = boost::program_options;

/// What a command works with, a column of the command table: the dispatcher opens each the
/// first time the handler asks for it (Context::ledger, Context::catalogue), never one the
/// command does not declare, and at most once; so a usage error is still found before a missing
/// ledger, and a command that needs nothing (rules check) opens nothing.
enum class Need : unsigned {
  none = 0,
  ledger_read = 1U << 0,    ///< the ledger, read-only
  ledger_write = 1U << 1,   ///< the ledger, for writing (an existing one)
  ledger_create = 1U << 2,  ///< the ledger, created when missing (init)
  catalogue = 1U << 3,      ///< the rule catalogue of the rules folders
  templates = 1U << 4,      ///< the PDF templates folders (templates are loaded when drawn)
};
constexpr Need operator|(Need a, Need b) {
  return static_cast<Need>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool has(Need set, Need one) {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(one)) != 0;
}
/// The words of a Need set for the reference ("ledger read, rule catalogue"), "" for none.
std::string needs_words(Need needs);

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

  /// What the command declared (Command::needs); set by the dispatcher.
  Need needs = Need::none;
  /// The command's name, for the error when a handler asks for what it did not declare.
  std::string command = {};

  /// The ledger in the mode the command declared, opened on first use. InternalError when the
  /// command declared no ledger.
  store::Ledger& ledger();
  /// The ledger read-only, for a command that declares both ledger read and ledger write and
  /// decides what to write after reading (accredit: nothing is opened for writing, nor
  /// migrated, when there is nothing to record). InternalError when ledger read is not declared.
  store::Ledger& read_ledger();
  /// The rule catalogue of rules_dirs, loaded on first use. InternalError when not declared.
  const rules::Catalogue& catalogue();
  /// The templates folders. InternalError when the command declared no templates.
  const std::vector<std::string>& templates() const;
  /// A line for the user unless --quiet, with control and bidi-control characters escaped.
  void say(const std::string& line) const;
  /// Records what a command has committed to the ledger ("entries 12, 13"): should it fail
  /// afterwards (its output cannot be written), the error says so.
  void committed(const std::string& what) const;

  // What ledger() and catalogue() opened (the dispatcher's; handlers use those two).
  std::optional<store::Ledger> opened_ledger = std::nullopt;
  std::optional<store::Ledger> opened_reader = std::nullopt;
  std::optional<rules::Catalogue> opened_catalogue = std::nullopt;
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
  Need needs = Need::none;          // what the dispatcher opens for it, when the handler asks
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
void add_rules_commands(
    std::vector<Command>& table);  // rules list/check, progress, accredit, waive
void add_certificate_commands(std::vector<Command>& table);  // certificate, keys, verify
void add_audit_commands(std::vector<Command>& table);        // audit
void add_user_commands(std::vector<Command>& table);     // user add|list|disable|role|reset|token
void add_activity_command(std::vector<Command>& table);  // activity (the log of writes)
void add_serve_command(std::vector<Command>& table, const ServeFn& serve);  // serve

/// Every command, in the order `balint --help` lists them (serve only when `serve` is given).
std::vector<Command> command_table(const ServeFn& serve);
/// The options every command takes.
po::options_description global_options();

// Helpers shared by handlers.
/// The value of a string option, or empty.
std::string opt_str(const po::variables_map& vm, const char* name);
/// The operand ID (option "id"): person show/set, records commands.
void id_operand(po::options_description& d, po::positional_options_description& p);
/// The operand PERSON (option "person"): progress, accredit, user commands.
void person_operand_option(po::options_description& d, po::positional_options_description& p);
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
