// Reading rule files: syntax, then every piece, then references; all problems gathered.
#include "balint/rules/loader.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/text.hpp"
#include "load_files.hpp"
#include "load_parts.hpp"

namespace balint::rules {
namespace detail {
namespace {

const std::vector<std::string> kRootKeys{"ruleset", "requirement", "credit"};

void read_requirements(const toml::table& root, RuleSet& rs, Places& places, Reporter& r) {
  auto tables = tomldiag::tables(root, "requirement", r);
  if (tables.empty() && !root.get("requirement")) r.error(1, 1, "the file has no [[requirement]]");
  for (const toml::table* t : tables) {
    const toml::node* id = t->get("id");
    if (id && id->is_string()) {
      auto name = *id->value<std::string>();
      if (auto first = places.find(name); first != places.end()) {
        r.error(id->source(),
                fmt::format("duplicate requirement id '{}' (first defined on line {})",
                            core::excerpt(name), first->second->source().begin.line));
        continue;
      }
      places[name] = t;
    }
    if (auto q = read_requirement(*t, rs, r)) rs.requirements.push_back(std::move(*q));
  }
}

void read_credits(const toml::table& root, RuleSet& rs, Reporter& r) {
  auto tables = tomldiag::tables(root, "credit", r);
  if (!tables.empty() && rs.kind == "accreditation")
    r.error(key_place(root, "credit"), "[[credit]] rates belong in a cpd rule set");
  for (const toml::table* t : tables)
    if (auto rate = read_credit(*t, r)) rs.credits.push_back(std::move(*rate));
  if (rs.kind != "cpd" || !tables.empty()) return;
  for (const auto& q : rs.requirements)
    if (q.kind == Kind::measure && q.measure.kind == MeasureKind::credits)
      r.error(1, 1,
              fmt::format("requirement '{}' measures credits but the file has no "
                          "[[credit]] rates",
                          q.id));
}

// Reads a parsed document; diagnostics go to `r`.
RuleSet read_document(const toml::table& root, const std::string& path, Reporter& r,
                      toml::source_region& id_place) {
  RuleSet rs;
  rs.file = path;
  check_keys(root, kRootKeys, "the file", r);
  if (!root.get("ruleset")) {
    r.error(1, 1, "the file has no [ruleset] table");
  } else if (const toml::table* header = tomldiag::table(root, "ruleset", r)) {
    read_header(*header, rs, r);
    id_place = key_place(*header, "id");
  }
  Places places;
  read_requirements(root, rs, places, r);
  read_credits(root, rs, r);
  link_requirements(rs, places, r);
  return rs;
}

}  // namespace

LoadedFile load_file(const std::string& path) {
  LoadedFile out;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    out.missing = true;
    out.diagnostics.push_back(core::Diagnostic{path, 0, 0, "is a folder, not a rule file"});
    return out;
  }
  if (!std::filesystem::exists(path, ec)) {
    out.missing = true;
    out.diagnostics.push_back(core::Diagnostic{path, 0, 0, "no such rule file"});
    return out;
  }
  std::string text;
  try {
    text = core::read_input(path, core::kRuleInput);  // a regular file of at most 1 MB
  } catch (const core::Error& e) {
    // "PATH: reason": reported as the file's diagnostic; a special file is exit 66 like a
    // missing one, a file over the limit exit 65 like any bad rule file.
    out.missing = e.code() == core::Exit::no_input;
    out.diagnostics.push_back(core::Diagnostic{path, 0, 0, core::refusal_reason(e, path)});
    return out;
  }
  return load_text(text, path);
}

LoadedFile load_text(const std::string& text, const std::string& name) {
  LoadedFile out;
  Reporter r(name);
  try {
    toml::table root = toml::parse(text, name);
    out.rule_set = read_document(root, name, r, out.id_place);
  } catch (const toml::parse_error& e) {
    r.error(e.source(), fmt::format("TOML syntax: {}", e.description()));
  }
  out.diagnostics = r.sorted();
  if (!out.diagnostics.empty()) out.rule_set.reset();
  return out;
}

std::vector<core::Diagnostic> duplicate_ids(const std::vector<LoadedFile>& files) {
  std::vector<core::Diagnostic> out;
  std::map<std::string, const LoadedFile*> seen;
  for (const auto& f : files) {
    if (!f.rule_set) continue;
    auto [it, fresh] = seen.emplace(f.rule_set->id, &f);
    if (fresh) continue;
    out.push_back(core::Diagnostic{f.rule_set->file, static_cast<int>(f.id_place.begin.line),
                                   static_cast<int>(f.id_place.begin.column),
                                   fmt::format("rule set id '{}' is also defined in {}",
                                               f.rule_set->id, it->second->rule_set->file)});
  }
  return out;
}

}  // namespace detail

RuleSet load_rule_file(const std::string& path) {
  auto loaded = detail::load_file(path);
  if (loaded.missing) throw core::NoInputError(loaded.diagnostics.front().str());
  if (!loaded.rule_set) throw core::DataError(loaded.diagnostics);
  return std::move(*loaded.rule_set);
}

RuleSet load_rule_text(const std::string& text, const std::string& name) {
  auto loaded = detail::load_text(text, name);
  if (!loaded.rule_set) throw core::DataError(loaded.diagnostics);
  return std::move(*loaded.rule_set);
}

std::vector<core::Diagnostic> check_rule_files(const std::vector<std::string>& paths) {
  std::vector<detail::LoadedFile> files;
  std::vector<core::Diagnostic> out;
  for (const auto& p : paths) {
    files.push_back(detail::load_file(p));
    const auto& d = files.back().diagnostics;
    out.insert(out.end(), d.begin(), d.end());
  }
  auto dups = detail::duplicate_ids(files);
  out.insert(out.end(), dups.begin(), dups.end());
  return out;
}

}  // namespace balint::rules
