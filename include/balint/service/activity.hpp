#pragma once
// The activity log (issue 19): who wrote what to the ledger, and when, read for
// `balint activity` and the secretary's /activity page.
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/render/table.hpp"
#include "balint/store/activity.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// Which rows: UTC dates of the write (both ends included) and the person it concerns.
struct ActivityQuery {
  std::optional<core::Date> since, until;
  std::optional<std::string> person;
};

/// The rows matching `q`, oldest first. UsageError when `until` is before `since`.
std::vector<store::Activity> activity_log(const store::Ledger& ledger, const ActivityQuery& q);

/// The rows as a table for text and CSV: at, actor, operation, subject ("KIND ID"), people
/// (space-separated), detail (its JSON object).
render::Table activity_table(const std::vector<store::Activity>& rows);

}  // namespace balint::service
