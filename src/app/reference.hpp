#pragma once
// The man page and the shell completions, generated from the command table (so they list the
// same commands and options as --help, always): reference.cpp (options, words, the entry
// point), reference_man.cpp (roff), reference_completion.cpp (bash, zsh).
#include <iosfwd>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"

namespace balint::app::reference {

/// One option as the reference shows it.
struct Opt {
  std::string short_name;  // "-p", or empty
  std::string long_name;   // "period"
  std::string arg;         // "P", or empty for a switch
  std::string help;
};

/// The options of an options description, and a command's own.
std::vector<Opt> options_of(const po::options_description& d);
std::vector<Opt> own_options(const Command& c);

/// The words a command line may start with, and the second words after a group word.
// The words a command line may start with, and the second words after a group word.
struct Words {
  std::vector<std::pair<std::string, std::string>> firsts;  // word, summary
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> seconds;
};
Words words_of(const std::vector<Command>& table);
/// "-p", "--period", ... for each option.
std::vector<std::string> option_words(const std::vector<Opt>& opts);
/// The words with single spaces between them.
std::string joined(const std::vector<std::string>& v);
/// Options that take a value, and what kind: "file", "dir" or "" (anything).
std::map<std::string, std::string> valued_options(const std::vector<Command>& table);
/// A case pattern matching any of the words: "a|b|c".
std::string pattern(const std::vector<std::string>& v);

void write_man_page(std::ostream& out, const std::vector<Command>& table);
void write_bash(std::ostream& out, const std::vector<Command>& table);
void write_zsh(std::ostream& out, const std::vector<Command>& table);

}  // namespace balint::app::reference
