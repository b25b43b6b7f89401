// `[ruleset]` and `[[credit]]`.
#include <fmt/core.h>

#include "balint/core/text.hpp"
#include "load_parts.hpp"

namespace balint::rules::detail {
namespace {

const std::vector<std::string> kHeaderKeys{
    "id",          "family",         "kind",         "title",
    "title_en",    "title_de",       "title_el",     "body",
    "edition",     "effective_from", "effective_to", "supersedes",
    "grandfather", "source",         "note",         "accredited_families"};

const std::vector<std::string> kRuleSetKinds{"accreditation", "cpd"};

std::string read_handle(const toml::table& t, std::string_view key, Reporter& r) {
  auto s = read_string(t, key, r);
  if (!s) return {};
  if (core::valid_handle(*s)) return *s;
  r.error(t.get(key)->source(),
          fmt::format("'{}' must be lowercase letters, digits, '.', '_' or '-', not \"{}\"", key,
                      core::excerpt(*s)));
  return {};
}

void read_kind(const toml::table& t, RuleSet& rs, Reporter& r) {
  auto kind = read_string(t, "kind", r);
  if (!kind) return;
  if (*kind == "accreditation" || *kind == "cpd") {
    rs.kind = *kind;
    return;
  }
  r.error(t.get("kind")->source(),
          fmt::format("unknown kind \"{}\"; it is accreditation or cpd{}", core::excerpt(*kind),
                      core::did_you_mean(*kind, kRuleSetKinds)));
}

void read_dates(const toml::table& t, RuleSet& rs, Reporter& r) {
  if (auto from = read_date(t, "effective_from", r)) rs.effective_from = *from;
  rs.effective_to = read_date(t, "effective_to", r);
  if (rs.effective_to && t.contains("effective_from") && *rs.effective_to < rs.effective_from)
    r.error(t.get("effective_to")->source(), "'effective_to' is before 'effective_from'");
}

void read_lineage(const toml::table& t, RuleSet& rs, Reporter& r) {
  if (t.contains("supersedes")) rs.supersedes = read_handle(t, "supersedes", r);
  rs.grandfather = read_bool(t, "grandfather", r).value_or(false);
  if (!rs.supersedes.empty() && rs.supersedes == rs.id)
    r.error(t.get("supersedes")->source(), "a rule set cannot supersede itself");
  if (rs.grandfather && !t.contains("supersedes"))
    r.error(key_place(t, "grandfather"),
            "'grandfather = true' needs 'supersedes' (the edition grandfathered people keep)");
}

}  // namespace

void read_header(const toml::table& t, RuleSet& rs, Reporter& r) {
  check_keys(t, kHeaderKeys, "[ruleset]", r);
  for (auto key : {"id", "family", "kind", "title", "effective_from"})
    require(t, key, "[ruleset]", r);
  rs.id = read_handle(t, "id", r);
  rs.family = read_handle(t, "family", r);
  read_kind(t, rs, r);
  rs.title = read_string(t, "title", r).value_or("");
  rs.title_en = read_string(t, "title_en", r).value_or("");
  rs.title_de = read_string(t, "title_de", r).value_or("");
  rs.title_el = read_string(t, "title_el", r).value_or("");
  rs.body = read_string(t, "body", r).value_or("");
  rs.edition = read_string(t, "edition", r).value_or("");
  rs.source = read_string(t, "source", r).value_or("");
  rs.note = read_string(t, "note", r).value_or("");
  read_dates(t, rs, r);
  read_lineage(t, rs, r);
  if (auto families = read_strings(t, "accredited_families", false, r))
    rs.accredited_families = values(*families);
  else if (!rs.family.empty())
    rs.accredited_families = {rs.family};
}

std::optional<CreditRate> read_credit(const toml::table& t, Reporter& r) {
  static const std::vector<std::string> kCreditKeys{"where", "per_hour", "cap_per_day",
                                                    "cap_per_year"};
  check_keys(t, kCreditKeys, "[[credit]]", r);
  CreditRate rate;
  if (t.contains("where")) {
    auto where = read_where(t, "where", r);
    if (!where) return std::nullopt;
    rate.where = std::move(*where);
  }
  if (!require(t, "per_hour", "[[credit]]", r)) return std::nullopt;
  auto per_hour = read_decimal(t, "per_hour", r);
  if (!per_hour) return std::nullopt;
  rate.per_hour = *per_hour;
  rate.cap_per_day = read_decimal(t, "cap_per_day", r);
  rate.cap_per_year = read_decimal(t, "cap_per_year", r);
  return rate;
}

}  // namespace balint::rules::detail
