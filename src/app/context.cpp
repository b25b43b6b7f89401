// What the dispatcher hands a handler: the ledger, the rule catalogue and the templates folders
// its command declares (Command::needs), each opened on first use and at most once.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/service/catalogue.hpp"
#include "command.hpp"

namespace balint::app {

namespace {

[[noreturn]] void undeclared(const std::string& command, const char* what) {
  throw core::InternalError(fmt::format(
      "'balint {}' asked for {}, which its command table entry does not declare", command, what));
}

}  // namespace

std::string needs_words(Need needs) {
  static const std::pair<Need, const char*> kWords[] = {{Need::ledger_read, "ledger read"},
                                                        {Need::ledger_write, "ledger write"},
                                                        {Need::ledger_create, "ledger create"},
                                                        {Need::catalogue, "rule catalogue"},
                                                        {Need::templates, "templates"}};
  std::string out;
  for (const auto& [need, word] : kWords)
    if (has(needs, need)) out += (out.empty() ? "" : ", ") + std::string(word);
  return out;
}

store::Ledger& Context::ledger() {
  if (opened_ledger) return *opened_ledger;
  store::Ledger::Mode mode = store::Ledger::Mode::read;
  if (has(needs, Need::ledger_create))
    mode = store::Ledger::Mode::create;
  else if (has(needs, Need::ledger_write))
    mode = store::Ledger::Mode::write;
  else if (!has(needs, Need::ledger_read))
    undeclared(command, "the ledger");
  opened_ledger.emplace(db_path, mode);
  return *opened_ledger;
}

store::Ledger& Context::read_ledger() {
  if (!has(needs, Need::ledger_read)) undeclared(command, "the ledger read-only");
  if (!opened_reader) opened_reader.emplace(db_path, store::Ledger::Mode::read);
  return *opened_reader;
}

const rules::Catalogue& Context::catalogue() {
  if (!has(needs, Need::catalogue)) undeclared(command, "the rule catalogue");
  if (!opened_catalogue) opened_catalogue.emplace(service::load_catalogue(rules_dirs));
  return *opened_catalogue;
}

const std::vector<std::string>& Context::templates() const {
  if (!has(needs, Need::templates)) undeclared(command, "the templates");
  return templates_dirs;
}

}  // namespace balint::app
