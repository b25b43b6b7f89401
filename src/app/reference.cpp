// The reference: what the man page and completions share, and balint-reference's entry point.
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>

#include "balint/app/app.hpp"
#include "reference.hpp"

namespace balint::app {
namespace reference {

std::vector<Opt> options_of(const po::options_description& d) {
  std::vector<Opt> opts;
  for (const auto& o : d.options()) {
    Opt x;
    x.long_name = o->long_name();
    const std::string shown = o->format_name();  // "-p [ --period ]" or "--period"
    if (shown.size() >= 2 && shown[0] == '-' && shown[1] != '-') x.short_name = shown.substr(0, 2);
    if (o->semantic()->max_tokens() > 0) x.arg = o->semantic()->name();
    x.help = o->description();
    opts.push_back(std::move(x));
  }
  return opts;
}

std::vector<Opt> own_options(const Command& c) {
  po::options_description own;
  po::positional_options_description pos;
  if (c.setup) c.setup(own, pos);
  return options_of(own);
}

Words words_of(const std::vector<Command>& table) {
  Words w;
  std::set<std::string> seen;
  for (const auto& c : table) {
    auto sp = c.name.find(' ');
    std::string first = c.name.substr(0, sp);
    if (sp != std::string::npos) w.seconds[first].push_back({c.name.substr(sp + 1), c.summary});
    if (seen.insert(first).second)
      w.firsts.emplace_back(first, sp == std::string::npos ? c.summary : first + " commands");
  }
  w.firsts.emplace_back("help", "show a command's help");
  return w;
}

std::vector<std::string> option_words(const std::vector<Opt>& opts) {
  std::vector<std::string> r;
  for (const auto& o : opts) {
    if (!o.short_name.empty()) r.push_back(o.short_name);
    r.push_back("--" + o.long_name);
  }
  return r;
}

std::string joined(const std::vector<std::string>& v) {
  std::string r;
  for (const auto& s : v) r += (r.empty() ? "" : " ") + s;
  return r;
}

// Options that take a value, and what kind: "file", "dir" or "" (anything).
std::map<std::string, std::string> valued_options(const std::vector<Command>& table) {
  std::map<std::string, std::string> r;
  auto add = [&r](const std::vector<Opt>& opts) {
    for (const auto& o : opts) {
      if (o.arg.empty()) continue;
      std::string kind = o.arg == "DIR"                         ? "dir"
                         : (o.arg == "FILE" || o.arg == "PATH") ? "file"
                                                                : "";
      if (!o.short_name.empty()) r[o.short_name] = kind;
      r["--" + o.long_name] = kind;
    }
  };
  add(options_of(global_options()));
  for (const auto& c : table) add(own_options(c));
  return r;
}

// A case pattern matching any of the words: "a|b|c".
std::string pattern(const std::vector<std::string>& v) {
  std::string r;
  for (const auto& s : v) r += (r.empty() ? "" : "|") + s;
  return r;
}

}  // namespace reference

int write_reference(const std::string& kind, std::ostream& out, const ServeFn& serve) {
  const auto table = command_table(serve);
  if (kind == "man") {
    reference::write_man_page(out, table);
  } else if (kind == "bash") {
    reference::write_bash(out, table);
  } else if (kind == "zsh") {
    reference::write_zsh(out, table);
  } else {
    std::cerr << "balint-reference: '" << kind << "' is not one of man, bash, zsh\n";
    return 64;
  }
  return 0;
}

}  // namespace balint::app
