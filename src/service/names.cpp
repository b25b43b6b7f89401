#include "balint/service/names.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include "balint/core/text.hpp"

namespace balint::service {
namespace {

void add_unique(std::vector<std::string>& out, const std::string& name) {
  if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}

// The words of a name, lower-cased (ASCII) and sorted: "Balint Society UK" and "UK Balint
// Society" have the same.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : core::split(s, ' ')) {
    std::string lower;
    for (char c : w)
      if (c != ',' && c != '.')
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!lower.empty()) out.push_back(lower);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char* what(NameKind k) {
  switch (k) {
    case NameKind::family: return "family";
    case NameKind::document_type: return "document type";
    case NameKind::membership_body: return "membership body";
  }
  return "";
}

}  // namespace

const std::vector<std::string>& KnownNames::of(NameKind k) const {
  switch (k) {
    case NameKind::family: return families;
    case NameKind::document_type: return document_types;
    case NameKind::membership_body: return bodies;
  }
  return families;
}

KnownNames known_names(const rules::Catalogue& catalogue, const store::Ledger& ledger) {
  KnownNames k;
  for (const auto& rs : catalogue.all()) {
    add_unique(k.families, rs.family);
    for (const auto& f : rs.accredited_families) add_unique(k.families, f);
    for (const auto& r : rs.requirements) {
      if (r.accredited_families)
        for (const auto& f : *r.accredited_families) add_unique(k.families, f);
      if (r.kind == rules::Kind::membership) add_unique(k.bodies, r.target);
      if (r.kind == rules::Kind::document) add_unique(k.document_types, r.target);
      if (r.kind == rules::Kind::accreditation) add_unique(k.families, r.target);
      for (const auto& anchor : {r.before, r.after}) {
        if (!anchor) continue;
        if (anchor->kind == rules::Anchor::Kind::document)
          add_unique(k.document_types, anchor->target);
        if (anchor->kind == rules::Anchor::Kind::accreditation)
          add_unique(k.families, anchor->target);
      }
    }
  }
  auto in_use = ledger.names_in_use();
  for (const auto& b : in_use.bodies) add_unique(k.bodies, b);
  for (const auto& f : in_use.families) add_unique(k.families, f);
  for (const auto& t : in_use.document_types) add_unique(k.document_types, t);
  for (auto* v : {&k.families, &k.document_types, &k.bodies}) std::sort(v->begin(), v->end());
  return k;
}

std::string unknown_name(NameKind kind, std::string_view value, const KnownNames& known,
                         std::string_view new_hint) {
  const auto& names = known.of(kind);
  if (std::find(names.begin(), names.end(), value) != names.end()) return {};
  std::string hint = core::did_you_mean(value, names);
  if (hint.empty()) {
    auto mine = words(value);
    for (const auto& n : names)
      if (words(n) == mine) hint = fmt::format("; did you mean '{}'?", n);
  }
  if (hint.empty()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    hint = list.empty() ? " (none is known yet)" : " (known: " + list + ")";
  }
  return fmt::format("'{}' is not a {} the installed rule sets or the ledger use{}; {}",
                     core::excerpt(value), what(kind), hint, new_hint);
}

io::NameCheck record_name_check(const rules::Catalogue& catalogue, const store::Ledger& ledger,
                                const std::string& new_hint) {
  auto names = std::make_shared<KnownNames>(known_names(catalogue, ledger));
  return [names, new_hint](std::string_view column, std::string_view value) {
    NameKind kind = column == "body"   ? NameKind::membership_body
                    : column == "type" ? NameKind::document_type
                                       : NameKind::family;
    return unknown_name(kind, value, *names, new_hint);
  };
}

}  // namespace balint::service
