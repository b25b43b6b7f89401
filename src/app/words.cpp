// The words of a command line: which command they name, and the help texts.
#include "words.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"

namespace balint::app {

std::vector<Command> command_table(const ServeFn& serve) {
  std::vector<Command> t;
  add_people_commands(t);
  add_record_commands(t);
  add_entry_commands(t);
  add_import_commands(t);
  add_rules_commands(t);
  add_certificate_commands(t);
  add_audit_commands(t);
  add_user_commands(t);
  add_activity_command(t);
  if (serve) add_serve_command(t, serve);
  return t;
}

po::options_description global_options() {
  po::options_description g("Global options");
  // clang-format off
  g.add_options()
      ("db", po::value<std::string>()->value_name("PATH"),
       "the ledger file (default: $BALINT_DB, else $XDG_DATA_HOME/balint/ledger.sqlite)")
      ("rules-dir", po::value<std::vector<std::string>>()->value_name("DIR"),
       "where rule files are (may be repeated; default: $BALINT_RULES_DIR, the installed and "
       "source rules/)")
      ("templates-dir", po::value<std::string>()->value_name("DIR"),
       "where PDF templates are (default: $BALINT_TEMPLATES_DIR, installed, source templates/)")
      ("as-of", po::value<std::string>()->value_name("DATE"),
       "evaluate as on this date, YYYY-MM-DD (default: today)")
      ("quiet,q", po::bool_switch(), "print only what was asked for, no confirmations")
      ("wide", po::bool_switch(),
       "text output with each row on one line, however long (default: fitted to the terminal's "
       "width, $COLUMNS, or 100 columns)")
      ("help,h", po::bool_switch(), "show help for the command");
  // clang-format on
  return g;
}

namespace {

// Global options that take a value (so their value is not mistaken for a command word).
const std::set<std::string> kGlobalWithValue = {"--db", "--rules-dir", "--templates-dir",
                                                "--as-of"};

const std::set<std::string> kGlobalFlags = {"--quiet", "-q", "--wide", "--help", "-h", "--version"};

}  // namespace

void print_overview(std::ostream& out, const std::vector<Command>& table) {
  out << "balint — a ledger of Balint group work: sessions, accreditation progress, CPD "
         "certificates, audits.\n\n"
         "Usage: balint COMMAND [OPTIONS]\n\nCommands:\n";
  std::size_t width = 0;
  for (const auto& c : table) width = std::max(width, c.name.size());
  for (const auto& c : table) out << fmt::format("  {:<{}}  {}\n", c.name, width, c.summary);
  out << "\nRun 'balint help COMMAND' (or 'balint COMMAND --help') for a command's options and\n"
         "examples, and 'balint --version' for the version.\n"
         "The ledger is $BALINT_DB or ~/.local/share/balint/ledger.sqlite unless --db is given.\n";
}

void print_help(std::ostream& out, const Command& c, const po::options_description& own) {
  out << "Usage: balint " << c.usage << "\n\n" << c.description << "\n\n";
  if (!own.options().empty()) out << own << "\n";
  out << global_options() << "\n";
  out << (c.examples.size() == 1 ? "Example:\n" : "Examples:\n");
  for (const auto& e : c.examples) out << "  " << e << "\n";
}

Split split_args(const std::vector<std::string>& args, const std::vector<Command>& table) {
  std::set<std::string> groups;
  for (const auto& c : table) {
    auto sp = c.name.find(' ');
    if (sp != std::string::npos) groups.insert(c.name.substr(0, sp));
  }
  Split s;
  bool after_dashdash = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    // "help" may stand before a command's words: "balint help import entries".
    const std::size_t skip = !s.words.empty() && s.words[0] == "help" ? 1 : 0;
    bool want_word =
        s.words.size() == skip || (s.words.size() == skip + 1 && groups.count(s.words[skip]));
    if (!after_dashdash && a == "--") after_dashdash = true;
    if (!after_dashdash && !a.empty() && a[0] == '-') {
      // Before the command word only global options can stand; catch typos here, or the
      // option's value would be taken for the command.
      std::string name = a.substr(0, a.find('='));
      if (s.words.empty() && !kGlobalWithValue.count(name) && !kGlobalFlags.count(name)) {
        std::vector<std::string> known(kGlobalWithValue.begin(), kGlobalWithValue.end());
        known.insert(known.end(), kGlobalFlags.begin(), kGlobalFlags.end());
        throw core::UsageError(fmt::format("unknown option '{}'{}\nTry 'balint --help'.", name,
                                           core::did_you_mean(name, known)));
      }
      s.rest.push_back(a);
      if (kGlobalWithValue.count(a) && i + 1 < args.size()) s.rest.push_back(args[++i]);
      continue;
    }
    if (want_word && !after_dashdash)
      s.words.push_back(a);
    else
      s.rest.push_back(a);
  }
  return s;
}

const Command* find_command(const std::vector<Command>& table,
                            const std::vector<std::string>& words) {
  std::string name;
  for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
  for (const auto& c : table)
    if (c.name == name) return &c;
  return nullptr;
}

// Explains a command line that names no command; with `help`, a group word lists its members.
void unknown_command(const std::vector<Command>& table, const std::vector<std::string>& words,
                     bool help) {
  std::string name;
  for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
  std::vector<std::string> names;
  for (const auto& c : table) names.push_back(c.name);
  // A group word alone ("balint person") lists its subcommands.
  std::vector<std::string> subs;
  for (const auto& n : names)
    if (n.rfind(name + " ", 0) == 0) subs.push_back(n);
  if (!subs.empty() && help) {
    std::cout << fmt::format("'balint {}' has these subcommands:\n", name);
    for (const auto& c : table)
      if (c.name.rfind(name + " ", 0) == 0)
        std::cout << fmt::format("  {:<20}  {}\n", c.name, c.summary);
    std::cout << "Run 'balint " << name << " SUBCOMMAND --help' for one of them.\n";
    return;
  }
  if (!subs.empty()) {
    std::string list;
    for (const auto& n : subs) list += (list.empty() ? "" : ", ") + ("'" + n + "'");
    throw core::UsageError(fmt::format("'{}' needs a subcommand: {}", name, list));
  }
  // Try the first word alone, then the two words together.
  // "import foo": suggest among import's subcommands only.
  std::vector<std::string> same_group;
  for (const auto& n : names)
    if (words.size() == 2 && n.rfind(words[0] + " ", 0) == 0) same_group.push_back(n);
  auto hint = core::did_you_mean(name, same_group.empty() ? names : same_group);
  if (hint.empty() && same_group.empty() && !words.empty()) {
    std::set<std::string> firsts;
    for (const auto& n : names) firsts.insert(n.substr(0, n.find(' ')));
    hint = core::did_you_mean(words[0], {firsts.begin(), firsts.end()});
  }
  throw core::UsageError(fmt::format("unknown command '{}'{}\nTry 'balint --help'.", name, hint));
}

}  // namespace balint::app
