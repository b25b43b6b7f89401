#pragma once
// Names of things records refer to (families, document types, membership bodies), checked
// against those the installed rule sets use and those already in the ledger (issue 16).
#include <string>
#include <string_view>
#include <vector>

#include "balint/io/rows.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

enum class NameKind { family, document_type, membership_body };

/// The names known for each kind: from the rule sets, then from the ledger.
struct KnownNames {
  std::vector<std::string> families, document_types, bodies;
  const std::vector<std::string>& of(NameKind k) const;
};

KnownNames known_names(const rules::Catalogue& catalogue, const store::Ledger& ledger);

/// "" when `value` is known; otherwise what is wrong, with "did you mean" (a close spelling, or
/// the same words in another order) or the known names, and `new_hint` at the end.
std::string unknown_name(NameKind kind, std::string_view value, const KnownNames& known,
                         std::string_view new_hint);

/// The name check of a records import (ImportRequest::check_name): the names the rule sets and
/// the ledger use, `new_hint` ending each refusal.
io::NameCheck record_name_check(const rules::Catalogue& catalogue, const store::Ledger& ledger,
                                const std::string& new_hint);

}  // namespace balint::service
