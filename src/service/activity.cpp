#include "balint/service/activity.hpp"

#include <fmt/core.h>

#include "balint/core/error.hpp"

namespace balint::service {

std::vector<store::Activity> activity_log(const store::Ledger& ledger, const ActivityQuery& q) {
  if (q.since && q.until && *q.until < *q.since)
    throw core::UsageError(
        fmt::format("--until {} is before --since {}", q.until->iso(), q.since->iso()));
  return ledger.activity({q.since, q.until, q.person});
}

render::Table activity_table(const std::vector<store::Activity>& rows) {
  render::Table t{{"at", "actor", "operation", "subject", "people", "detail"}, {}, {}};
  t.wrap = 5;
  t.also_wrap = {4};
  for (const auto& a : rows) {
    std::string people;
    for (const auto& p : a.people) people += (people.empty() ? "" : " ") + p;
    std::string subject = a.kind;
    if (!a.subject.empty()) subject += (subject.empty() ? "" : " ") + a.subject;
    t.rows.push_back({a.at, a.actor, a.operation, subject, people, a.detail});
  }
  return t;
}

}  // namespace balint::service
