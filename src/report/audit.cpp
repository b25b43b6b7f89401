// Building the audit view model one person at a time.
#include "balint/report/audit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "balint/audit/sample.hpp"

namespace balint::report {
namespace {

// The cell of a requirement's result, taking its strings.
AuditCell cell_of(eval::RequirementResult&& r) {
  AuditCell c;
  c.id = std::move(r.id);
  c.status = r.status;
  c.essential = r.essential;
  c.kind = r.kind;
  c.unit = unit_of(r.measure, &c.distinct_field);
  c.measure = std::move(r.measure);
  c.share = r.share;
  c.per = std::move(r.per);
  c.value = r.value;
  c.fraction = r.fraction;
  c.at_least = r.at_least;
  // A `per` shortfall in a past period, or one before a recorded `before` date, cannot be made
  // up: no number is still needed then.
  const bool gainable = (c.per.empty() || r.periods.size() <= 1) && !r.before_on;
  if (r.status == eval::Status::not_met && r.remaining > core::Centi{} && gainable)
    c.still_needed = r.remaining;
  c.detail = std::move(r.detail);
  c.waiver_reason = std::move(r.waiver_reason);
  c.waived_by = std::move(r.waived_by);
  c.waived_on = r.waived_on;
  return c;
}

bool adds_up(const rules::Requirement& q) {
  return q.kind == rules::Kind::measure && q.per == rules::Per::none && !q.share_of &&
         q.measure.kind != rules::MeasureKind::distinct;
}

void count(RequirementTotal& t, const AuditCell& c) {
  ++t.people;
  switch (c.status) {
    case eval::Status::met: ++t.met; break;
    case eval::Status::waived: ++t.waived; break;
    case eval::Status::not_applicable: ++t.not_applicable; break;
    case eval::Status::not_met: ++t.not_met; break;
  }
  // A waived or inapplicable requirement still has the value the entries gave it.
  if (t.value) *t.value += c.value;
}

}  // namespace

AuditBuilder::AuditBuilder(const audit::Auditor& auditor) : in_force_(&auditor.in_force()) {
  const auto& o = auditor.options();
  report_.pathway = o.pathway;
  report_.ruleset_id = o.ruleset;
  report_.family = auditor.family();
  report_.kind = in_force_->kind;
  report_.body = in_force_->body;
  report_.as_of = o.as_of;
  report_.period = o.period;
  report_.anomalies_only = o.anomalies_only;
}

AuditPart AuditBuilder::part_of(audit::PersonAudit a) {
  AuditPart p;
  p.rules = a.rules;
  AuditRow& row = p.row;
  row.person_id = std::move(a.person_id);
  row.person_name = std::move(a.person_name);
  row.ruleset_id = a.rules->id;
  row.enrolled_on = a.enrolled_on;
  row.grandfathered = a.grandfathered;
  row.anomalies = a.anomalies.size();
  if (a.evaluation) {
    row.evaluated = true;
    row.eligible = a.evaluation->eligible;
    row.requirements.reserve(a.evaluation->requirements.size());
    for (auto& r : a.evaluation->requirements) row.requirements.push_back(cell_of(std::move(r)));
  }
  p.anomalies = std::move(a.anomalies);
  return p;
}

void AuditBuilder::add(AuditPart p) {
  std::size_t edition = 0;
  while (edition < editions_.size() && editions_[edition] != p.rules) ++edition;
  if (edition == editions_.size()) {
    editions_.push_back(p.rules);
    first_total_.push_back(report_.totals.size());
    report_.editions.push_back(
        {p.rules->id, p.rules->title, p.rules->edition, p.rules == in_force_, 0, 0});
    for (const auto& q : p.rules->requirements) {
      if (!q.top_level) continue;
      RequirementTotal t{p.rules->id, q.id, q.title, q.essential, Unit::none, {},
                         0,           0,    0,       0,           0,          std::nullopt};
      t.unit = unit_of(q.kind == rules::Kind::measure ? q.measure.name() : std::string{},
                       &t.distinct_field);
      if (adds_up(q)) t.value = core::Centi{};
      report_.totals.push_back(std::move(t));
    }
  }
  auto& use = report_.editions[edition];
  ++use.people;
  AuditRow& row = p.row;
  if (row.grandfathered) ++use.grandfathered;
  if (row.evaluated) {
    // An evaluation has a result for each top-level requirement, in the rule set's order:
    // the order of the edition's totals.
    const std::size_t first = first_total_[edition];
    for (std::size_t k = 0; k < row.requirements.size(); ++k) {
      const AuditCell& cell = row.requirements[k];
      if (first + k < report_.totals.size() && report_.totals[first + k].id == cell.id &&
          report_.totals[first + k].ruleset_id == row.ruleset_id) {
        count(report_.totals[first + k], cell);
        continue;
      }
      for (auto& t : report_.totals)
        if (t.ruleset_id == row.ruleset_id && t.id == cell.id) count(t, cell);
    }
    if (row.eligible) ++report_.eligible;
  }
  report_.people.push_back(std::move(row));
  for (auto& x : p.anomalies) report_.anomalies.push_back(std::move(x));
}

AuditReport AuditBuilder::finish(std::optional<std::size_t> sample_size, std::uint64_t seed) {
  AuditReport& r = report_;
  // Editions: the one in force first, then by id; totals and columns follow that order.
  std::vector<std::size_t> order(r.editions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&r](std::size_t a, std::size_t b) {
    if (r.editions[a].in_force != r.editions[b].in_force) return r.editions[a].in_force;
    return r.editions[a].id < r.editions[b].id;
  });
  std::vector<EditionUse> editions;
  std::vector<RequirementTotal> totals;
  for (std::size_t i : order) {
    editions.push_back(r.editions[i]);
    for (const auto& t : r.totals)
      if (t.ruleset_id == r.editions[i].id) totals.push_back(t);
    for (const auto& q : editions_[i]->requirements) {
      if (!q.top_level) continue;
      bool known = std::any_of(r.columns.begin(), r.columns.end(),
                               [&q](const AuditColumn& c) { return c.id == q.id; });
      if (!known) r.columns.push_back({q.id, q.title, q.essential});
    }
  }
  r.editions = std::move(editions);
  r.totals = std::move(totals);

  // People usually arrive in id order already.
  auto by_id = [](const AuditRow& a, const AuditRow& b) { return a.person_id < b.person_id; };
  if (!std::is_sorted(r.people.begin(), r.people.end(), by_id))
    std::stable_sort(r.people.begin(), r.people.end(), by_id);
  auto by_person = [](const audit::Anomaly& a, const audit::Anomaly& b) {
    return a.person < b.person;
  };
  if (!std::is_sorted(r.anomalies.begin(), r.anomalies.end(), by_person))
    std::stable_sort(r.anomalies.begin(), r.anomalies.end(), by_person);

  std::map<audit::AnomalyKind, std::pair<std::size_t, std::set<std::string>>> counts;
  for (const auto& a : r.anomalies) {
    auto& [n, who] = counts[a.kind];
    ++n;
    who.insert(a.person);
  }
  for (auto k : audit::anomaly_kinds())
    r.anomaly_counts.push_back({k, counts[k].first, counts[k].second.size()});

  if (sample_size) {
    AuditSample s;
    s.seed = seed;
    s.requested = *sample_size;
    std::vector<std::string> ids;
    for (const auto& row : r.people) ids.push_back(row.person_id);
    s.people = audit::draw_sample(ids, *sample_size, seed);
    for (std::size_t i = 0; i < s.people.size(); ++i) {
      auto it = std::lower_bound(
          r.people.begin(), r.people.end(), s.people[i],
          [](const AuditRow& row, const std::string& id) { return row.person_id < id; });
      it->sample_position = i + 1;
      s.names.push_back(it->person_name);
    }
    r.sample = std::move(s);
  }
  return std::move(report_);
}

EvidenceRequest evidence_request(const AuditReport& r, const domain::PersonHistory& history) {
  EvidenceRequest q;
  q.person_id = history.person.id;
  q.person_name = history.person.name;
  q.email = history.person.email;
  q.body = r.body;
  q.subject = r.pathway.empty() ? r.ruleset_id : r.pathway;
  q.as_of = r.as_of;
  q.period = r.period;
  if (r.sample) {
    q.seed = r.sample->seed;
    q.sample_size = r.sample->people.size();
    auto it = std::find(r.sample->people.begin(), r.sample->people.end(), q.person_id);
    q.position = static_cast<std::size_t>(it - r.sample->people.begin()) + 1;
  }
  q.audited = r.people.size();
  std::map<std::pair<domain::Activity, domain::Role>, EvidenceRequest::Total> by;
  for (const auto& e : history.entries) {
    if (e.voided || e.date > r.as_of || !r.period.contains(e.date)) continue;
    auto& t = by[{e.activity, e.role}];
    t.activity = e.activity;
    t.role = e.role;
    ++t.sessions;
    t.minutes += e.minutes;
  }
  for (const auto& [key, t] : by) q.totals.push_back(t);
  for (const auto& a : r.anomalies)
    if (a.person == q.person_id) q.anomalies.push_back(a);
  std::stable_sort(q.anomalies.begin(), q.anomalies.end(), [](const auto& x, const auto& y) {
    return audit::severity(x.kind) < audit::severity(y.kind);
  });
  std::map<std::int64_t, const domain::Entry*> by_id;
  for (const auto& e : history.entries) by_id[e.id] = &e;
  for (const auto& a : q.anomalies) {
    std::vector<EvidenceRequest::Session> sessions;
    for (auto id : a.entries) {
      auto it = by_id.find(id);
      if (it == by_id.end()) continue;
      const domain::Entry& e = *it->second;
      std::string place = !e.group.empty()   ? e.group
                          : !e.event.empty() ? e.event
                                             : std::string(domain::to_string(e.activity));
      sessions.push_back({e.date, std::move(place), e.minutes});
    }
    std::stable_sort(sessions.begin(), sessions.end(),
                     [](const auto& x, const auto& y) { return x.date < y.date; });
    q.sessions.push_back(std::move(sessions));
  }
  return q;
}

}  // namespace balint::report
