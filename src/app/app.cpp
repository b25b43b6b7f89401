#include "balint/app/app.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include <sys/ioctl.h>
#include <unistd.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/store/ledger.hpp"
#include "command.hpp"
#include "settings.hpp"
#include "words.hpp"

namespace balint::app {

namespace {

namespace fs = std::filesystem;

// The ledger this run uses, and what it committed (Context::committed), for the messages of a
// failure after a commit (issue 14, finding 10).
std::string g_ledger;
std::vector<std::string> g_committed;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string xdg_dir(const char* var, const char* fallback) {
  std::string v = env(var);
  if (!v.empty()) return v;
  return env("HOME") + "/" + fallback;
}

// The display columns text output is fitted to (Context::width).
int output_width(bool wide) {
  constexpr int kNarrowest = 40, kDefault = 100;
  if (wide) return 0;
  std::string columns = env("COLUMNS");
  if (!columns.empty() && columns.size() <= 4 &&
      columns.find_first_not_of("0123456789") == std::string::npos)
    return std::max(kNarrowest, std::stoi(columns));
  winsize ws{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return std::max(kNarrowest, static_cast<int>(ws.ws_col));
  return kDefault;
}

// Command line, then environment, then settings file, then the installed and source trees.
std::vector<std::string> source_dirs(const po::variables_map& vm, const Settings& st,
                                     const char* option, const char* env_var, const char* sub) {
  std::vector<std::string> dirs;
  if (vm.count(option)) {
    if (vm[option].value().type() == typeid(std::string))
      dirs.push_back(vm[option].as<std::string>());
    else
      dirs = vm[option].as<std::vector<std::string>>();
  }
  if (!env(env_var).empty()) dirs.push_back(env(env_var));
  for (const auto& d : st.all(option)) dirs.push_back(d);
  dirs.push_back(std::string(BALINT_INSTALL_DATA_DIR) + "/" + sub);
  dirs.push_back(std::string(BALINT_SOURCE_DATA_DIR) + "/" + sub);
  return dirs;
}

Context make_context(const po::variables_map& vm, const Settings& st) {
  Context ctx{"", {}, {}, core::Date::today(), vm["quiet"].as<bool>(), std::cout, std::cerr};
  if (vm.count("db"))
    ctx.db_path = vm["db"].as<std::string>();
  else if (!env("BALINT_DB").empty())
    ctx.db_path = env("BALINT_DB");
  else if (const Setting* db = st.find("db"))
    ctx.db_path = db->value;
  else
    ctx.db_path = xdg_dir("XDG_DATA_HOME", ".local/share") + "/balint/ledger.sqlite";
  ctx.rules_dirs = source_dirs(vm, st, "rules-dir", "BALINT_RULES_DIR", "rules");
  ctx.templates_dirs = source_dirs(vm, st, "templates-dir", "BALINT_TEMPLATES_DIR", "templates");
  if (vm.count("as-of"))
    ctx.as_of = core::Date::parse_arg(vm["as-of"].as<std::string>(), "--as-of");
  ctx.width = output_width(vm["wide"].as<bool>());
  g_ledger = ctx.db_path;
  return ctx;
}

// Sets `key` in `vm` from the settings file unless the command line gave it.
void default_from(po::variables_map& vm, const std::string& key, const boost::any& value) {
  auto& map = static_cast<std::map<std::string, po::variable_value>&>(vm);
  auto it = map.find(key);
  if (it != map.end() && !it->second.defaulted()) return;
  map[key] = po::variable_value(value, false);
}

// The settings that stand for options of this command: as-of, quiet, wide and, for a command with
// --format, format (checked against the values it takes).
void apply_settings(const Settings& st, const Command& cmd, po::variables_map& vm) {
  if (const Setting* s = st.find("as-of")) default_from(vm, "as-of", s->value);
  for (const auto& key : cmd.settings)
    if (const Setting* s = st.find(key)) default_from(vm, key, s->value);
  for (const char* flag : {"quiet", "wide"})
    if (const Setting* s = st.find(flag))
      default_from(vm, flag,
                   s->value == "true" || s->value == "yes" || s->value == "on" || s->value == "1");
  const Setting* f = st.find("format");
  if (!f || cmd.formats == Formats::none || vm.count("format")) return;
  const bool csv = cmd.formats == Formats::text_json_csv;
  if (f->value != "text" && f->value != "json" && !(csv && f->value == "csv"))
    throw core::UsageError(fmt::format(
        "{}: format = {}, but 'balint {}' writes only text or json{}; give --format, or change "
        "the setting",
        st.where(*f), core::excerpt(f->value), cmd.name, csv ? " or csv" : ""));
  default_from(vm, "format", f->value);
}

std::string option_hint(const std::string& bad, const po::options_description& desc) {
  std::vector<std::string> names;
  for (const auto& o : desc.options()) names.push_back("--" + o->long_name());
  return core::did_you_mean(bad, names);
}

int dispatch(const std::vector<std::string>& args, const ServeFn& serve) {
  auto table = command_table(serve);
  auto split = split_args(args, table);
  bool wants_help = std::find(args.begin(), args.end(), "--help") != args.end() ||
                    std::find(args.begin(), args.end(), "-h") != args.end();
  if (split.words.empty() && args.size() == 1 && args[0] == "--version") {
    std::cout << fmt::format("balint {} (ledger schema {})\n", BALINT_VERSION,
                             store::kSchemaVersion);
    return 0;
  }
  if (split.words.empty() || (split.words.size() == 1 && split.words[0] == "help")) {
    print_overview(std::cout, table);
    return split.words.empty() && !wants_help ? static_cast<int>(core::Exit::usage) : 0;
  }
  if (split.words[0] == "help") {
    split.words.erase(split.words.begin());
    wants_help = true;
  }
  const Command* cmd = find_command(table, split.words);
  if (!cmd) {
    unknown_command(table, split.words, wants_help);
    return 0;
  }

  po::options_description own("Options");
  po::positional_options_description pos;
  if (cmd->setup) cmd->setup(own, pos);
  po::options_description all;
  all.add(own).add(global_options());
  if (wants_help) {
    print_help(std::cout, *cmd, own);
    return 0;
  }
  po::variables_map vm;
  const Settings settings = load_settings(xdg_dir("XDG_CONFIG_HOME", ".config") + "/balint/config");
  try {
    po::store(po::command_line_parser(split.rest).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    for (const auto& [old_name, new_name] : cmd->renamed)
      if (e.get_option_name() == old_name)
        throw core::UsageError(fmt::format("{}: {} is now called {}\nTry 'balint {} --help'.",
                                           cmd->name, old_name, new_name, cmd->name));
    throw core::UsageError(fmt::format("{}: unknown option '{}'{}\nTry 'balint {} --help'.",
                                       cmd->name, e.get_option_name(),
                                       option_hint(e.get_option_name(), all), cmd->name));
  } catch (const po::too_many_positional_options_error&) {
    throw core::UsageError(
        fmt::format("{}: too many arguments\nTry 'balint {} --help'.", cmd->name, cmd->name));
  } catch (const po::error& e) {
    throw core::UsageError(
        fmt::format("{}: {}\nTry 'balint {} --help'.", cmd->name, e.what(), cmd->name));
  }
  apply_settings(settings, *cmd, vm);
  Context ctx = make_context(vm, settings);
  ctx.needs = cmd->needs;
  ctx.command = cmd->name;
  return cmd->run(ctx, vm);
}

// One line per error: control and bidi-control characters inside a message (say, from a quoted
// CSV value) are escaped by core::printable (a newline as "\n"); only the "Try 'balint ...
// --help'." hint goes on a line of its own, unprefixed. Past core::kMaxProblems lines (a rule file
// with 20,000 bad requirements) the rest are counted; an import caps its own list first, to keep
// its summary line (hence the slack of two).
void print_error(const core::Error& e) {
  std::size_t shown_lines = 0;
  for (const auto& line : e.lines()) {
    if (e.lines().size() > core::kMaxProblems + 2 && shown_lines == core::kMaxProblems) {
      std::size_t more = e.lines().size() - shown_lines;
      std::cerr << "balint: " << core::plural(more, "more problem", "more problems")
                << " not shown\n";
      break;
    }
    ++shown_lines;
    auto hint = line.find("\nTry '");
    std::string msg = line.substr(0, hint);
    std::string shown = core::printable(msg);
    std::cerr << "balint: " << shown << '\n';
    if (hint != std::string::npos) std::cerr << line.substr(hint + 1) << '\n';
  }
}

}  // namespace

// A message may quote the ledger or a file (a name, a reason, a path): one line, with control
// and bidi-control characters escaped (issue 14).
void Context::say(const std::string& line) const {
  if (!quiet) out << core::printable(line) << '\n';
}

void Context::committed(const std::string& what) const { g_committed.push_back(what); }

namespace {

// When something was committed before a failure: what, so that nobody repeats it.
std::string committed_line() {
  if (!g_committed.empty()) {
    std::string all;
    for (const auto& c : g_committed) all += (all.empty() ? "" : "; ") + c;
    return fmt::format("the ledger was changed all the same: {} (committed)", all);
  }
  if (store::committed_transactions() > 0)
    return "the ledger was changed all the same (its change was committed before this failure)";
  return "";
}

}  // namespace

int run(int argc, char** argv, const ServeFn& serve) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    int rc = dispatch(args, serve);
    std::cout.flush();
    if (!std::cout) throw core::WriteError("cannot write to standard output");
    return rc;
  } catch (const core::Error& e) {
    std::cout.flush();
    print_error(e);
    // A write that failed after a commit (the output, a file): say what stands. Other errors
    // after a commit (bulk certificates with people skipped) say so themselves.
    if (e.code() == core::Exit::cant_write || e.code() == core::Exit::internal)
      if (std::string c = committed_line(); !c.empty()) print_error(core::WriteError(c));
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cout.flush();
    // A full disk, a read-only ledger or folder: exit 73 saying so, not an internal error.
    if (auto w = store::write_failure(e, g_ledger)) {
      print_error(*w);
      if (std::string c = committed_line(); !c.empty()) print_error(core::WriteError(c));
      return static_cast<int>(w->code());
    }
    if (auto d = store::damaged_ledger(e, g_ledger)) {
      print_error(*d);
      return static_cast<int>(d->code());
    }
    std::cerr << "balint: internal error: " << core::printable(e.what()) << '\n';
    if (std::string c = committed_line(); !c.empty()) print_error(core::WriteError(c));
    return static_cast<int>(core::Exit::internal);
  }
}

}  // namespace balint::app
