#include "balint/rules/catalogue.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "load_files.hpp"

namespace balint::rules {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> toml_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw core::NoInputError(fmt::format("{}: no such rules directory", dir));
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".toml" && !e.is_directory()) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Problems between rule sets: `supersedes` naming no rule set of the same family.
std::vector<core::Diagnostic> lineage_problems(const std::vector<RuleSet>& sets) {
  std::vector<core::Diagnostic> out;
  for (const auto& rs : sets) {
    if (rs.supersedes.empty()) continue;
    auto it = std::find_if(sets.begin(), sets.end(),
                           [&](const RuleSet& o) { return o.id == rs.supersedes; });
    if (it == sets.end())
      out.push_back({rs.file, 0, 0,
                     fmt::format("rule set '{}' supersedes '{}', which is not in the catalogue",
                                 rs.id, rs.supersedes)});
    else if (it->family != rs.family)
      out.push_back({rs.file, 0, 0,
                     fmt::format("rule set '{}' supersedes '{}' of another family ({})", rs.id,
                                 rs.supersedes, it->family)});
  }
  return out;
}

std::string edition_list(const std::vector<const RuleSet*>& editions) {
  std::string out;
  for (const auto* rs : editions) {
    out += out.empty() ? "" : ", ";
    out += fmt::format("{} from {}", rs->id, rs->effective_from.iso());
    if (rs->effective_to) out += " to " + rs->effective_to->iso();
  }
  return out;
}

}  // namespace

Catalogue Catalogue::load(const std::vector<std::string>& dirs) {
  std::vector<detail::LoadedFile> files;
  std::vector<core::Diagnostic> problems;
  for (const auto& dir : dirs)
    for (const auto& path : toml_files(dir)) {
      files.push_back(detail::load_file(path));
      const auto& d = files.back().diagnostics;
      problems.insert(problems.end(), d.begin(), d.end());
    }
  auto dups = detail::duplicate_ids(files);
  problems.insert(problems.end(), dups.begin(), dups.end());
  if (!problems.empty()) throw core::DataError(problems);
  std::vector<RuleSet> sets;
  for (auto& f : files) sets.push_back(std::move(*f.rule_set));
  return from(std::move(sets));
}

Catalogue Catalogue::from(std::vector<RuleSet> sets) {
  std::set<std::string> ids;
  std::vector<core::Diagnostic> problems;
  for (const auto& rs : sets)
    if (!ids.insert(rs.id).second)
      problems.push_back({rs.file, 0, 0, fmt::format("rule set id '{}' is defined twice", rs.id)});
  auto lineage = lineage_problems(sets);
  problems.insert(problems.end(), lineage.begin(), lineage.end());
  if (!problems.empty()) throw core::DataError(problems);
  std::sort(sets.begin(), sets.end(), [](const RuleSet& a, const RuleSet& b) {
    if (a.family != b.family) return a.family < b.family;
    if (a.effective_from != b.effective_from) return a.effective_from < b.effective_from;
    return a.id < b.id;
  });
  Catalogue c;
  c.sets_ = std::move(sets);
  return c;
}

const RuleSet& Catalogue::by_id(const std::string& id) const {
  std::vector<std::string> ids;
  for (const auto& rs : sets_) {
    if (rs.id == id) return rs;
    ids.push_back(rs.id);
  }
  throw core::UsageError(fmt::format("unknown rule set '{}'{}", id, core::did_you_mean(id, ids)));
}

std::vector<std::string> Catalogue::families() const {
  std::set<std::string> fams;
  for (const auto& rs : sets_) fams.insert(rs.family);
  return {fams.begin(), fams.end()};
}

const RuleSet& Catalogue::for_family(const std::string& family,
                                     std::optional<core::Date> enrolled_on,
                                     core::Date as_of) const {
  std::vector<const RuleSet*> editions;
  for (const auto& rs : sets_)
    if (rs.family == family) editions.push_back(&rs);
  if (editions.empty())
    throw core::UsageError(
        fmt::format("unknown pathway '{}'{}", family, core::did_you_mean(family, families())));
  const RuleSet* pick = nullptr;  // sorted by effective_from: the latest in force wins
  for (const auto* rs : editions)
    if (rs->in_force(as_of)) pick = rs;
  if (!pick)
    throw core::UsageError(fmt::format("no edition of '{}' is in force on {} (editions: {})",
                                       family, as_of.iso(), edition_list(editions)));
  // Grandfathering may chain back through several editions; each step goes strictly earlier.
  while (enrolled_on && pick->grandfather && *enrolled_on < pick->effective_from) {
    const RuleSet& older = by_id(pick->supersedes);
    if (older.effective_from >= pick->effective_from) break;
    pick = &older;
  }
  return *pick;
}

}  // namespace balint::rules
