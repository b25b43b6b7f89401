// The bash and zsh completions.
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>

#include "balint/app/app.hpp"
#include "reference.hpp"

namespace balint::app::reference {

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
  if (!files.empty())
    out << "    " << pattern(files) << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
  if (!dirs.empty())
    out << "    " << pattern(dirs) << ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n";
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

namespace {

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

}  // namespace

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
    for (const auto& [word, summary] : subs)
      out << "\n                " << described(word, summary);
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

}  // namespace balint::app::reference
