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

std::vector<std::string> rule_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw core::NoInputError(fmt::format("{}: no such rules directory", dir));
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".toml" && !e.is_directory()) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

Catalogue Catalogue::load(const std::vector<std::string>& dirs) {
  std::vector<detail::LoadedFile> files;
  std::vector<core::Diagnostic> problems;
  for (const auto& dir : dirs)
    for (const auto& path : rule_files(dir)) {
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

namespace {

// The editions of `family`, by effective date ("a, b").
std::string editions_of(const std::vector<RuleSet>& sets, const std::string& family,
                        std::size_t& count) {
  std::string out;
  count = 0;
  for (const auto& rs : sets)
    if (rs.family == family) {
      out += (out.empty() ? "" : ", ") + rs.id;
      ++count;
    }
  return out;
}

// The family `word` most likely means: a family of that name, one close to it, or the family
// of a rule set id close to it (whichever is nearer); empty when none is close.
std::string likely_family(const std::vector<RuleSet>& sets,
                          const std::vector<std::string>& families, const std::string& word) {
  std::vector<std::string> ids;
  for (const auto& rs : sets) ids.push_back(rs.id);
  auto fam = core::suggest(word, families);
  auto id = core::suggest(word, ids);
  if (fam && (!id || core::edit_distance(word, *fam) <= core::edit_distance(word, *id)))
    return *fam;
  if (!id) return {};
  for (const auto& rs : sets)
    if (rs.id == *id) return rs.family;
  return {};
}

}  // namespace

const RuleSet& Catalogue::by_id(const std::string& id) const {
  for (const auto& rs : sets_)
    if (rs.id == id) return rs;
  const auto fams = families();
  const std::string family = likely_family(sets_, fams, id);
  std::size_t count = 0;
  const std::string editions = family.empty() ? "" : editions_of(sets_, family, count);
  if (family == id)
    throw core::UsageError(
        fmt::format("'{}' is a family of rule sets, not one rule set: give --rules with one of its "
                    "editions ({}), or --pathway {} for the edition that applies to the person",
                    id, editions, family));
  if (count > 1)
    throw core::UsageError(fmt::format(
        "unknown rule set '{}'; did you mean one of {} (the editions of {}), or --pathway {}?", id,
        editions, family, family));
  throw core::UsageError(fmt::format("unknown rule set '{}'{}", id,
                                     count == 1 ? "; did you mean '" + editions + "'?" : ""));
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
  if (editions.empty()) {
    for (const auto& rs : sets_)
      if (rs.id == family)
        throw core::UsageError(fmt::format(
            "'{}' is a rule set, not a pathway: give --rules {}, or --pathway {} (its family)",
            family, family, rs.family));
    throw core::UsageError(
        fmt::format("unknown pathway '{}'{}", family, core::did_you_mean(family, families())));
  }
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

std::optional<core::Date> enrolled_in(const std::vector<domain::Enrolment>& enrolments,
                                      const std::string& family) {
  std::optional<core::Date> on;
  for (const auto& e : enrolments)
    if (e.family == family && (!on || e.on < *on)) on = e.on;
  return on;
}

EditionChoice Catalogue::edition_for(const std::string& family,
                                     const std::vector<domain::Enrolment>& enrolments,
                                     core::Date as_of) const {
  EditionChoice c;
  c.enrolled_on = enrolled_in(enrolments, family);
  c.in_force = &for_family(family, std::nullopt, as_of);
  c.rules = &for_family(family, c.enrolled_on, as_of);
  return c;
}

}  // namespace balint::rules
