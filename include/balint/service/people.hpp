#pragma once
// People and the office's decisions about them: add, change, find; waivers and accreditations
// (SPEC §5), for the command line and the secretary's pages alike.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/report/progress.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// Adds `person` (id a handle, name not empty and without control or bidi characters, text
/// already trimmed and NFC). UsageError for a bad field, Conflict when the id is taken.
void add_person(store::Ledger& ledger, const domain::Person& person);

/// What `person set` changes: the fields given; an attribute with an empty value is removed.
struct PersonChange {
  std::string id;
  std::optional<std::string> name, email;
  std::vector<std::pair<std::string, std::string>> attrs;
};
/// NotFound for no such person, UsageError for a bad field or nothing to change.
void change_person(store::Ledger& ledger, const PersonChange& change);

/// The people whose id, name, e-mail or an attribute value holds `text` (case-insensitive for
/// ASCII letters), in id order; everyone for "".
std::vector<domain::Person> find_people(const store::Ledger& ledger, const std::string& text);

/// Records a waiver; returns the title of the requirement waived. UsageError for an unknown rule
/// set or requirement, NotFound for an unknown person or grantor, Conflict when the person has a
/// waiver of that requirement already.
std::string waive(store::Ledger& ledger, const rules::Catalogue& catalogue,
                  const domain::Waiver& waiver);

/// Records an accreditation as given (`accreditation add`; `recorded_by` says where it came from,
/// as the ledger keeps it). NotFound for an unknown person; `check_family` (or nullptr) says what
/// is wrong with the family ("" for nothing: one the rule sets or records use), thrown as
/// UsageError.
std::int64_t add_accreditation(store::Ledger& ledger, const domain::Accreditation& accreditation,
                               const std::string& recorded_by,
                               const std::function<std::string(std::string_view)>& check_family);

/// What `accredit` decides on: the rule set, the person's report under it as on `on`, and the
/// accreditation in its family they hold already, if any (then the report is not made).
struct AccreditDecision {
  const rules::RuleSet* rules = nullptr;
  std::string person;
  core::Date on;
  std::optional<domain::Accreditation> held;
  report::ProgressReport report;  ///< report.eligible: every essential requirement met
};
/// UsageError for an unknown rule set or one that is not an accreditation rule set, NotFound
/// for an unknown person.
AccreditDecision accreditation_decision(const store::Ledger& ledger,
                                        const rules::Catalogue& catalogue,
                                        const std::string& person, const std::string& rules,
                                        core::Date on);
/// Records the accreditation `decision` allows (it must be eligible and not held), noted with
/// the rule set; Conflict when the person was accredited in the family meanwhile, or the
/// decision does not allow it.
domain::Accreditation record_accreditation(store::Ledger& ledger, const AccreditDecision& decision,
                                           const std::string& recorded_by);

}  // namespace balint::service
