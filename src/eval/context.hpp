#pragma once
// Private to eval: what every step of an evaluation looks at, and the steps themselves.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "balint/eval/evaluation.hpp"
#include "balint/eval/field_test.hpp"

namespace balint::eval::detail {

/// The credits one entry earns, before and after the caps of its rate (hundredths).
struct Credited {
  std::optional<std::size_t> rate;  ///< the first [[credit]] whose where matches
  std::int64_t raw = 0;             ///< hours × rate, rounded half up to 0.01
  std::int64_t removed_by_day = 0;
  std::int64_t removed_by_year = 0;
  /// What the day cap removed on each day of the entry (an entry of several `days` spreads its
  /// credits over them); empty when nothing.
  std::vector<std::pair<core::Date, std::int64_t>> removed_on;
  std::int64_t credited() const { return raw - removed_by_day - removed_by_year; }
};

/// Inputs of one evaluation, plus what is computed once for all requirements.
struct Context {
  const rules::RuleSet& rules;
  const domain::PersonHistory& history;
  const domain::AccreditationIndex& accredited;
  core::Date as_of;
  std::vector<const domain::Entry*> entries;  ///< all of the person's, by date then id
  std::map<std::int64_t, Credited> credits;   ///< cpd: entries not voided, on/before as_of
  bool explain = true;  ///< false (Explain::verdicts): no near misses, projections, entry ids
  bool lists = true;    ///< false (Explain::table): no near misses, no entry ids
  /// Near misses and the ids of the entries that counted are wanted.
  bool listing() const { return explain && lists; }
};

/// Builds the context: entries sorted, credits computed with their caps.
Context make_context(const rules::RuleSet& rules, const domain::PersonHistory& history,
                     const domain::AccreditationIndex& accredited, core::Date as_of);

/// One reason per test of `where` that `e` fails; empty when all hold.
std::vector<std::string> where_failures(const rules::Where& where, const domain::Entry& e,
                                        const std::set<std::string>& families,
                                        const domain::AccreditationIndex& accredited);
/// One reason per test of `where_not` that `e` meets.
std::vector<std::string> where_not_hits(const rules::Where& where_not, const domain::Entry& e,
                                        const std::set<std::string>& families,
                                        const domain::AccreditationIndex& accredited);

/// AccreditationIndex::held for one set of families, remembering each person's first grant:
/// collect() asks about the same few leaders and supervisors for every entry.
class HeldMemo {
 public:
  HeldMemo(const domain::AccreditationIndex& index, const std::set<std::string>& families)
      : index_(index), families_(families) {}
  bool held(const std::string& who, core::Date on);

 private:
  const domain::AccreditationIndex& index_;
  const std::set<std::string>& families_;
  std::vector<std::pair<std::string, std::optional<core::Date>>> known_;  // who, first grant
  std::size_t last_ = 0;  // the one asked about last
};

/// Whether field test `t` holds for `e`.
bool holds(const rules::FieldTest& t, const domain::Entry& e, HeldMemo& accredited);
/// holds(), with the test on the entry's activity, role or format (most tests of most
/// rule sets, run for every entry and requirement) answered here without a call.
inline bool test_holds(const rules::FieldTest& t, const domain::Entry& e, HeldMemo& accredited) {
  return t.words ? rules::word_listed(t, e) : holds(t, e, accredited);
}

/// How many tests of `where` fail (of `where_not` hold) for `e`, counting up to `limit`:
/// the sizes of where_failures and where_not_hits, without putting the reasons in words.
inline std::size_t where_failure_count(const rules::Where& where, const domain::Entry& e,
                                       HeldMemo& accredited, std::size_t limit) {
  std::size_t n = 0;
  for (const auto& t : where)
    if (!test_holds(t, e, accredited) && ++n >= limit) break;
  return n;
}
inline std::size_t where_not_hit_count(const rules::Where& where_not, const domain::Entry& e,
                                       HeldMemo& accredited, std::size_t limit) {
  std::size_t n = 0;
  for (const auto& t : where_not)
    if (test_holds(t, e, accredited) && ++n >= limit) break;
  return n;
}

/// Credits per entry with the caps of each rate applied in date order.
std::map<std::int64_t, Credited> compute_credits(const rules::RuleSet& rules,
                                                 const std::vector<const domain::Entry*>& entries,
                                                 core::Date as_of,
                                                 const domain::AccreditationIndex& accredited);
/// What the caps removed from `counted` entries, by rate, cap and period.
std::vector<CapRemoval> cap_removals(const Context& ctx,
                                     const std::vector<const domain::Entry*>& counted);

/// The dates an entry must fall in: after `after` (exclusive, when set) up to `until`, and
/// before `before` (exclusive, when set).
struct Window {
  std::optional<core::Date> after;
  core::Date until;
  std::string why;  ///< how to describe an entry before it, e.g. "outside the 5y window"
  std::optional<core::Date> before;
  std::string why_before;  ///< how to describe an entry on or after `before`
  bool contains(core::Date d) const {
    return d <= until && (!after || d > *after) && (!before || d < *before);
  }
};

/// Narrows `w` to the requirement's `before` / `after` anchors and records their dates in
/// `out`; returns what is missing ("no enrolment in dbg-leader recorded") when a record the
/// anchors name is not there, and then `w` is not to be used.
std::optional<std::string> apply_anchors(const Context& ctx, const rules::Requirement& q, Window& w,
                                         RequirementResult* out);
/// A measure whose anchor record is missing: nothing counts, not met, `missing` as the detail.
void anchor_missing(const Context& ctx, const rules::Requirement& q, const std::string& missing,
                    RequirementResult& out);

/// The entries that count, and those that failed exactly one test.
struct Collected {
  std::vector<const domain::Entry*> counted;
  std::vector<NearMiss> near_misses;
};
/// Sorts every entry of the person into counted, nearly counted or neither; with
/// `near_misses` false (or ctx.explain false), only `counted` is filled (a denominator, a
/// projection, an audit).
Collected collect(const Context& ctx, const rules::Requirement& q, const Window& w,
                  const rules::Where& where, const rules::Where* where_not,
                  bool near_misses = true);
/// Only the `entries` dated from `first` to `last`.
std::vector<const domain::Entry*> between(const std::vector<const domain::Entry*>& entries,
                                          core::Date first, core::Date last);

/// The measure of `entries` in base units: a count, minutes, or hundredths of a credit.
std::int64_t base_value(const Context& ctx, const rules::Measure& m,
                        const std::vector<const domain::Entry*>& entries);
/// A base value as the reported number.
core::Centi to_centi(const rules::Measure& m, std::int64_t base);

/// A measure's value against the thresholds of its requirement.
struct Outcome {
  core::Centi value;
  std::optional<core::Fraction> fraction;  ///< shares
  bool met = false;
  core::Centi remaining;
  std::int64_t remaining_base = 0;  ///< 0 for shares (a fraction is not accrued)
};
/// The outcome of `num` (and, for share_of, the denominator `den`).
Outcome outcome(const Context& ctx, const rules::Requirement& q,
                const std::vector<const domain::Entry*>& num,
                const std::vector<const domain::Entry*>* den);

/// Fills value, entries, near-misses, periods, caps, projection and status of a measure.
void evaluate_measure(const Context& ctx, const rules::Requirement& q, RequirementResult& out);
/// The `per` part of evaluate_measure.
void evaluate_periods(const Context& ctx, const rules::Requirement& q, RequirementResult& out);
/// Fills `projected` for a measure that is not met (pace of the last 12 months).
void project(const Context& ctx, const rules::Requirement& q, std::int64_t remaining_base,
             RequirementResult& out);

/// Membership, document and accreditation requirements.
void evaluate_membership(const Context& ctx, const rules::Requirement& q, RequirementResult& out);
void evaluate_document(const Context& ctx, const rules::Requirement& q, RequirementResult& out);
void evaluate_accreditation(const Context& ctx, const rules::Requirement& q,
                            RequirementResult& out);

}  // namespace balint::eval::detail
