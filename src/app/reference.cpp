// The man page and the shell completions, generated from the command table (so they list the
// same commands and options as --help, always).
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>

#include "balint/app/app.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

struct Opt {
  std::string short_name;  // "-p", or empty
  std::string long_name;   // "period"
  std::string arg;         // "P", or empty for a switch
  std::string help;
};

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

// ---- roff ----

// Text for a roff line: backslashes and hyphens escaped, and a leading '.' or '\'' made literal.
// Characters beyond ASCII as \[uXXXX], which groff reads whatever the locale.
std::string roff(const std::string& s) {
  std::string r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (s[i] == '\\') {
      r += "\\e";
    } else if (s[i] == '-') {
      r += "\\-";
    } else if (b < 0x80) {
      r += s[i];
    } else {  // the command table is valid UTF-8 (its own text)
      const int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      char32_t cp = b & (len == 4 ? 0x07 : len == 3 ? 0x0f : 0x1f);
      for (int k = 1; k < len && i + 1 < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3f);
      r += fmt::format("\\[u{:04X}]", static_cast<std::uint32_t>(cp));
    }
  }
  if (!r.empty() && (r[0] == '.' || r[0] == '\'')) r = "\\&" + r;
  return r;
}

std::string roff_option(const Opt& o) {
  std::string r;
  if (!o.short_name.empty()) r += "\\fB" + roff(o.short_name) + "\\fR, ";
  r += "\\fB" + roff("--" + o.long_name) + "\\fR";
  if (!o.arg.empty()) r += " \\fI" + roff(o.arg) + "\\fR";
  return r;
}

void roff_options(std::ostream& out, const std::vector<Opt>& opts) {
  for (const auto& o : opts) out << ".TP\n" << roff_option(o) << "\n" << roff(o.help) << "\n";
}

void write_man_page(std::ostream& out, const std::vector<Command>& table) {
  out << ".\\\" balint(1): generated from balint's command table by balint-reference; do not "
         "edit.\n"
      << ".TH BALINT 1 \"\" \"balint " << BALINT_VERSION << "\" \"User Commands\"\n"
      << ".SH NAME\nbalint \\- a ledger of Balint group work: sessions, accreditation progress, "
         "CPD certificates, audits\n"
      << ".SH SYNOPSIS\n\\fBbalint\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n"
      << "\\fBbalint help\\fR \\fICOMMAND\\fR\n.br\n\\fBbalint \\-\\-version\\fR\n"
      << ".SH DESCRIPTION\n"
      << "balint keeps a ledger of Balint group sessions, supervision and training in a SQLite "
         "file, shows each person's progress towards an accreditation or CPD target, issues "
         "signed certificates and audits a society. Each command below also shows its help "
         "with \\fB\\-\\-help\\fR.\n"
      << ".SH COMMANDS\n";
  for (const auto& c : table) {
    out << ".SS \"" << roff(c.name) << "\"\n"
        << roff(c.summary) << ".\n.PP\n\\fBbalint " << roff(c.usage) << "\\fR\n.PP\n"
        << roff(c.description) << "\n";
    const auto opts = own_options(c);
    if (!opts.empty()) {
      out << ".PP\nOptions:\n.RS\n";
      roff_options(out, opts);
      out << ".RE\n";
    }
    out << ".PP\n" << (c.examples.size() == 1 ? "Example:" : "Examples:") << "\n.RS\n";
    for (const auto& e : c.examples) out << ".nf\n" << roff(e) << "\n.fi\n";
    out << ".RE\n";
  }
  out << ".SH GLOBAL OPTIONS\nEvery command takes these.\n";
  roff_options(out, options_of(global_options()));
  out << ".SH ENVIRONMENT\n"
      << ".TP\n\\fBBALINT_DB\\fR\nthe ledger file, unless \\fB\\-\\-db\\fR is given\n"
      << ".TP\n\\fBBALINT_RULES_DIR\\fR\na folder of rule files, searched before the installed "
         "ones\n"
      << ".TP\n\\fBBALINT_TEMPLATES_DIR\\fR\na folder of PDF templates, searched before the "
         "installed ones\n"
      << ".SH FILES\n"
      << ".TP\n\\fI$XDG_DATA_HOME/balint/ledger.sqlite\\fR\nthe ledger by default "
         "(\\fI~/.local/share/balint/ledger.sqlite\\fR)\n"
      << ".TP\n\\fI$XDG_CONFIG_HOME/balint/config\\fR\nthe settings file "
         "(\\fI~/.config/balint/config\\fR)\n"
      << ".SH EXIT STATUS\n"
      << "0 on success; 64 for a wrong command line; 65 for wrong data (an import, a rule file); "
         "66 for a missing input or ledger; other codes as in sysexits.h.\n";
}

// ---- shell completion ----

// The words a command line may start with, and the second words after a group word.
struct Words {
  std::vector<std::pair<std::string, std::string>> firsts;  // word, summary
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> seconds;
};

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
      std::string kind = o.arg == "DIR" ? "dir" : (o.arg == "FILE" || o.arg == "PATH") ? "file" : "";
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

void write_bash(std::ostream& out, const std::vector<Command>& table) {
  const Words w = words_of(table);
  const auto valued = valued_options(table);
  std::vector<std::string> firsts, with_value, files, dirs, other, groups;
  for (const auto& [word, summary] : w.firsts) firsts.push_back(word);
  for (const auto& [opt, kind] : valued) {
    with_value.push_back(opt);
    (kind == "file" ? files : kind == "dir" ? dirs : other).push_back(opt);
  }
  for (const auto& [group, subs] : w.seconds) groups.push_back(group);
  out << "# bash completion for balint: generated from balint's command table by "
         "balint-reference; do not edit.\n"
      << "_balint() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  local with_value=' " << joined(with_value) << " '\n"
      << "  local -a cmd=()\n"
      << "  local i w skip=0 words= name opts\n"
      << "  # The command's words so far: not options, nor the values of options that take one.\n"
      << "  for (( i = 1; i < COMP_CWORD; i++ )); do\n"
      << "    w=${COMP_WORDS[i]}\n"
      << "    if (( skip )); then skip=0; continue; fi\n"
      << "    case $w in\n"
      << "      --*=*) ;;\n"
      << "      -*) [[ $with_value == *\" $w \"* ]] && skip=1 ;;\n"
      << "      *) cmd+=(\"$w\") ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  [[ ${cmd[0]-} == help ]] && cmd=(\"${cmd[@]:1}\")\n"
      << "  case $prev in\n";
  if (!files.empty()) out << "    " << pattern(files) << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
  if (!dirs.empty()) out << "    " << pattern(dirs) << ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n";
  if (!other.empty()) out << "    " << pattern(other) << ") COMPREPLY=(); return ;;\n";
  out << "  esac\n"
      << "  case ${#cmd[@]} in\n"
      << "    0) words='" << joined(firsts) << "' ;;\n"
      << "    1) case ${cmd[0]} in\n";
  for (const auto& [group, subs] : w.seconds) {
    std::vector<std::string> names;
    for (const auto& [word, summary] : subs) names.push_back(word);
    out << "         " << group << ") words='" << joined(names) << "' ;;\n";
  }
  out << "       esac ;;\n"
      << "  esac\n"
      << "  if [[ -n $words && $cur != -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      << "    return\n"
      << "  fi\n"
      << "  name=${cmd[0]-}\n"
      << "  case $name in\n"
      << "    " << pattern(groups) << ") name=\"${cmd[0]} ${cmd[1]-}\" ;;\n"
      << "  esac\n"
      << "  opts='" << joined(option_words(options_of(global_options()))) << "'\n"
      << "  case $name in\n";
  for (const auto& c : table)
    out << "    '" << c.name << "') opts+=' " << joined(option_words(own_options(c))) << "' ;;\n";
  out << "  esac\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
      << "  else\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "complete -o filenames -F _balint balint\n";
}

// A single-quoted zsh word.
std::string zquote(const std::string& s) {
  std::string r = "'";
  for (char ch : s) r += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return r + "'";
}

// "word:description" items for _describe (a ':' in the word escaped).
std::string described(const std::string& word, const std::string& help) {
  std::string w;
  for (char ch : word) w += ch == ':' ? std::string("\\:") : std::string(1, ch);
  return zquote(w + ":" + help);
}

std::string described_options(const std::vector<Opt>& opts) {
  std::string r;
  for (const auto& o : opts) {
    if (!o.short_name.empty()) r += "\n    " + described(o.short_name, o.help);
    r += "\n    " + described("--" + o.long_name, o.help);
  }
  return r;
}

void write_zsh(std::ostream& out, const std::vector<Command>& table) {
  const Words w = words_of(table);
  const auto valued = valued_options(table);
  std::vector<std::string> with_value, files, dirs, other, groups;
  for (const auto& [opt, kind] : valued) {
    with_value.push_back(opt);
    (kind == "file" ? files : kind == "dir" ? dirs : other).push_back(opt);
  }
  for (const auto& [group, subs] : w.seconds) groups.push_back(group);
  out << "#compdef balint\n"
      << "# zsh completion for balint: generated from balint's command table by "
         "balint-reference; do not edit.\n"
      << "_balint() {\n"
      << "  local with_value=' " << joined(with_value) << " '\n"
      << "  local -a cmd items opts\n"
      << "  local i w skip=0 name\n"
      << "  # The command's words so far: not options, nor the values of options that take one.\n"
      << "  for (( i = 2; i < CURRENT; i++ )); do\n"
      << "    w=${words[i]}\n"
      << "    if (( skip )); then skip=0; continue; fi\n"
      << "    case $w in\n"
      << "      (--*=*) ;;\n"
      << "      (-*) [[ $with_value == *\" $w \"* ]] && skip=1 ;;\n"
      << "      (*) cmd+=(\"$w\") ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  [[ ${cmd[1]-} == help ]] && shift cmd\n"
      << "  case ${words[CURRENT-1]} in\n";
  if (!files.empty()) out << "    (" << pattern(files) << ") _files; return ;;\n";
  if (!dirs.empty()) out << "    (" << pattern(dirs) << ") _files -/; return ;;\n";
  if (!other.empty()) out << "    (" << pattern(other) << ") _message 'a value'; return ;;\n";
  out << "  esac\n"
      << "  if [[ ${words[CURRENT]} != -* ]]; then\n"
      << "    case ${#cmd} in\n"
      << "      (0) items=(";
  for (const auto& [word, summary] : w.firsts) out << "\n        " << described(word, summary);
  out << ")\n"
      << "        _describe -t commands 'balint command' items; return ;;\n"
      << "      (1) case ${cmd[1]} in\n";
  for (const auto& [group, subs] : w.seconds) {
    out << "            (" << group << ") items=(";
    for (const auto& [word, summary] : subs) out << "\n                " << described(word, summary);
    out << ")\n"
        << "              _describe -t commands " << zquote("balint " + group + " command")
        << " items; return ;;\n";
  }
  out << "          esac ;;\n"
      << "    esac\n"
      << "  fi\n"
      << "  name=${cmd[1]-}\n"
      << "  case $name in\n"
      << "    (" << pattern(groups) << ") name=\"${cmd[1]} ${cmd[2]-}\" ;;\n"
      << "  esac\n"
      << "  opts=(" << described_options(options_of(global_options())) << ")\n"
      << "  case $name in\n";
  for (const auto& c : table)
    out << "    (" << zquote(c.name) << ") opts+=(" << described_options(own_options(c))
        << ") ;;\n";
  out << "  esac\n"
      << "  if [[ ${words[CURRENT]} == -* ]]; then\n"
      << "    _describe -t options 'option' opts\n"
      << "  else\n"
      << "    _files\n"
      << "  fi\n"
      << "}\n"
      << "_balint \"$@\"\n";
}

}  // namespace

int write_reference(const std::string& kind, std::ostream& out, const ServeFn& serve) {
  const auto table = command_table(serve);
  if (kind == "man") {
    write_man_page(out, table);
  } else if (kind == "bash") {
    write_bash(out, table);
  } else if (kind == "zsh") {
    write_zsh(out, table);
  } else {
    std::cerr << "balint-reference: '" << kind << "' is not one of man, bash, zsh\n";
    return 64;
  }
  return 0;
}

}  // namespace balint::app
