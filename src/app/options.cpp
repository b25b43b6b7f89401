// Option helpers shared by the command handlers.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "command.hpp"

namespace balint::app {

void id_operand(po::options_description& d, po::positional_options_description& p) {
  d.add_options()("id", po::value<std::string>()->value_name("ID"), "the person's ID");
  p.add("id", 1);
}

void person_operand_option(po::options_description& d, po::positional_options_description& p) {
  d.add_options()("person", po::value<std::string>()->value_name("PERSON"), "the person's ID");
  p.add("person", 1);
}

std::string opt_str(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::string>() : std::string();
}

core::Date opt_date(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) throw core::UsageError(fmt::format("--{} DATE is required", name));
  return core::Date::parse_arg(vm[name].as<std::string>(), std::string("--") + name);
}

std::optional<core::Date> opt_date_if(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  return opt_date(vm, name);
}

std::string text_arg(const std::string& value, const char* what) {
  if (!core::valid_utf8(value)) throw core::UsageError(fmt::format("{}: not valid UTF-8", what));
  return core::nfc(core::trim(value));
}

void require_person(const store::Ledger& ledger, const std::string& id, const char* what) {
  if (ledger.has_person(id)) return;
  throw core::UsageError(fmt::format("{}: no person '{}' in the ledger{}", what, id,
                                     core::did_you_mean(id, ledger.person_ids())));
}

std::string output_format(const po::variables_map& vm, bool csv_allowed) {
  std::string f = vm.count("format") ? vm["format"].as<std::string>() : "text";
  if (f == "text" || f == "json" || (csv_allowed && f == "csv")) return f;
  throw core::UsageError(
      fmt::format("--format: '{}' is not one of text, json{}", f, csv_allowed ? ", csv" : ""));
}

void add_format_option(po::options_description& d, bool csv_allowed) {
  // clang-format off
  d.add_options()("format", po::value<std::string>()->value_name("FMT"),
                  csv_allowed ? "output as text (default), json or csv"
                              : "output as text (default) or json");
  // clang-format on
}

void add_period_options(po::options_description& d) {
  // clang-format off
  d.add_options()
      ("from", po::value<std::string>()->value_name("DATE"), "first day (inclusive)")
      ("to", po::value<std::string>()->value_name("DATE"), "last day (inclusive)")
      ("begin,b", po::value<std::string>()->value_name("DATE"), "first day (inclusive), as --from")
      ("end,e", po::value<std::string>()->value_name("DATE"),
       "the day after the last (exclusive, as in hledger): -b 2025-01-01 -e 2025-04-01 is Q1")
      ("period,p", po::value<std::string>()->value_name("P"),
       "2025, 2025-03, 2025Q1, 'last month', 'this quarter', 'last 12 months', "
       "2025-01-01..2025-03-31, 'from 2025-01 to 2025-06' (ends inclusive)");
  // clang-format on
}

core::Period period_from(const po::variables_map& vm, core::Date today) {
  auto get = [&vm](const char* name) -> std::optional<std::string> {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<std::string>();
  };
  return core::resolve_period({get("period"), get("from"), get("to"), get("begin"), get("end")},
                              today);
}

}  // namespace balint::app
