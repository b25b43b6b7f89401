#pragma once
// The dispatcher's reading of a command line: which command its words name, and the help
// texts (app.cpp runs the command; words.cpp holds these).
#include <iosfwd>
#include <string>
#include <vector>

#include "command.hpp"

namespace balint::app {

/// The command's words ("person", "add") and the rest (options and operands).
struct Split {
  std::vector<std::string> words;
  std::vector<std::string> rest;
};

/// Splits argv; UsageError for an unknown option before the command word.
Split split_args(const std::vector<std::string>& args, const std::vector<Command>& table);
/// The command `words` name, or nullptr.
const Command* find_command(const std::vector<Command>& table,
                            const std::vector<std::string>& words);
/// Explains a command line that names no command (UsageError); with `help`, a group word lists
/// its members on standard output.
void unknown_command(const std::vector<Command>& table, const std::vector<std::string>& words,
                     bool help);
/// `balint --help`: every command with its summary.
void print_overview(std::ostream& out, const std::vector<Command>& table);
/// `balint COMMAND --help`.
void print_help(std::ostream& out, const Command& c, const po::options_description& own);

}  // namespace balint::app
