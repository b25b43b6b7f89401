#include "balint/service/catalogue.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "balint/core/error.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/rules/loader.hpp"

namespace balint::service {
namespace {

namespace fs = std::filesystem;

// The directories that exist, each once.
std::vector<std::string> existing_dirs(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    if (seen.insert(fs::weakly_canonical(dir, ec).string()).second) out.push_back(dir);
  }
  return out;
}

}  // namespace

rules::Catalogue load_catalogue(const std::vector<std::string>& dirs) {
  std::vector<rules::RuleSet> sets;
  std::map<std::string, std::string> dir_of;  // rule set id → the directory it came from
  std::vector<std::string> problems;
  for (const auto& dir : existing_dirs(dirs)) {
    for (const auto& file : rules::rule_files(dir)) {
      try {
        auto rs = rules::load_rule_file(file);
        auto [it, fresh] = dir_of.emplace(rs.id, dir);
        if (!fresh && it->second != dir) continue;  // an earlier directory's edition wins
        sets.push_back(std::move(rs));
      } catch (const core::Error& e) {
        problems.insert(problems.end(), e.lines().begin(), e.lines().end());
      }
    }
  }
  if (!problems.empty()) throw core::Error(core::Exit::data, problems);
  return rules::Catalogue::from(std::move(sets));
}

}  // namespace balint::service
