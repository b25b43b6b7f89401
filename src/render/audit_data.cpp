// The audit as JSON and as CSV.
#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "balint/io/csv.hpp"
#include "balint/render/audit.hpp"
#include "balint/render/audit_words.hpp"

namespace balint::render {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Counts as integers; hours, credits and fractions as decimals rounded to 2 places.
ordered_json number(core::Centi v, report::Unit u, bool share) {
  if (!share && report::is_count(u)) return v.v / 100;
  return v.as_double();
}

ordered_json date_or_null(const std::optional<core::Date>& d) {
  return d ? ordered_json(d->iso()) : ordered_json(nullptr);
}

ordered_json cell_json(const report::AuditCell& c) {
  ordered_json j{{"id", c.id}, {"status", eval::to_string(c.status)}};
  if (!c.essential) j["essential"] = false;
  if (c.unit != report::Unit::none) {
    j["measure"] = c.measure;
    j["value"] =
        c.fraction ? ordered_json(c.fraction->as_double()) : number(c.value, c.unit, c.share);
    if (c.at_least) j["at_least"] = number(*c.at_least, c.unit, c.share);
    if (!c.per.empty()) j["per"] = c.per;
  }
  if (c.still_needed) j["remaining"] = number(*c.still_needed, c.unit, c.share);
  if (!c.detail.empty()) j["detail"] = c.detail;
  if (c.status == eval::Status::waived)
    j["waiver"] = {{"reason", c.waiver_reason},
                   {"by", c.waived_by.empty() ? ordered_json(nullptr) : ordered_json(c.waived_by)},
                   {"on", date_or_null(c.waived_on)}};
  return j;
}

ordered_json row_json(const report::AuditRow& row) {
  ordered_json j{{"id", row.person_id},
                 {"name", row.person_name},
                 {"ruleset", row.ruleset_id},
                 {"enrolled_on", date_or_null(row.enrolled_on)},
                 {"grandfathered", row.grandfathered}};
  if (row.evaluated) {
    j["eligible"] = row.eligible;
    j["requirements"] = ordered_json::array();
    for (const auto& c : row.requirements) j["requirements"].push_back(cell_json(c));
    j["still_needed"] = ordered_json::array();
    for (const auto& c : row.requirements)
      if (c.essential && c.status == eval::Status::not_met) j["still_needed"].push_back(c.id);
  }
  j["anomalies"] = row.anomalies;
  return j;
}

ordered_json anomaly_json(const audit::Anomaly& a) {
  return {{"kind", audit::to_string(a.kind)},
          {"person", a.person},
          {"date", a.date.iso()},
          {"entries", a.entries},
          {"detail", a.detail}};
}

// The summary line of the people table's CSV cell for a requirement: "met", "not-met", ...
std::vector<std::string> csv_cells(const report::AuditCell* c) {
  if (!c) return {"", "", ""};
  return {std::string(eval::to_string(c->status)),
          c->unit == report::Unit::none ? "" : audit_number(c->value, c->unit, c->share),
          c->still_needed ? audit_number(*c->still_needed, c->unit, c->share) : ""};
}

}  // namespace

void write_audit_json(std::ostream& out, const report::AuditReport& r) {
  ordered_json j;
  j["pathway"] = r.pathway.empty() ? ordered_json(nullptr) : ordered_json(r.pathway);
  j["rules"] = r.ruleset_id.empty() ? ordered_json(nullptr) : ordered_json(r.ruleset_id);
  j["family"] = r.family;
  j["as_of"] = r.as_of.iso();
  j["period"] = {{"from", date_or_null(r.period.from)}, {"to", date_or_null(r.period.to)}};
  j["editions"] = ordered_json::array();
  for (const auto& e : r.editions)
    j["editions"].push_back({{"id", e.id},
                             {"title", e.title},
                             {"edition", e.edition},
                             {"in_force", e.in_force},
                             {"people", e.people},
                             {"grandfathered", e.grandfathered}});
  std::size_t with = 0;
  for (const auto& row : r.people) with += row.anomalies > 0 ? 1 : 0;
  j["summary"] = {{"people", r.people.size()}};
  if (!r.anomalies_only) {
    j["summary"]["eligible"] = r.eligible;
    j["summary"]["not_eligible"] = r.people.size() - r.eligible;
  }
  j["summary"]["anomalies"] = r.anomalies.size();
  j["summary"]["people_with_anomalies"] = with;
  if (!r.anomalies_only) {
    j["people"] = ordered_json::array();
    for (const auto& row : r.people) j["people"].push_back(row_json(row));
    j["totals"] = ordered_json::array();
    for (const auto& t : r.totals) {
      ordered_json x{{"ruleset", t.ruleset_id}, {"requirement", t.id}, {"title", t.title}};
      if (!t.essential) x["essential"] = false;
      x["people"] = t.people;
      x["met"] = t.met;
      x["waived"] = t.waived;
      x["not_applicable"] = t.not_applicable;
      x["not_met"] = t.not_met;
      if (t.value) x["value"] = number(*t.value, t.unit, false);
      j["totals"].push_back(std::move(x));
    }
  }
  j["anomaly_counts"] = ordered_json::array();
  for (const auto& c : r.anomaly_counts)
    j["anomaly_counts"].push_back(
        {{"kind", audit::to_string(c.kind)}, {"count", c.count}, {"people", c.people}});
  j["anomalies"] = ordered_json::array();
  for (const auto& a : r.anomalies) j["anomalies"].push_back(anomaly_json(a));
  if (r.sample) {
    ordered_json people = ordered_json::array();
    for (std::size_t i = 0; i < r.sample->people.size(); ++i)
      people.push_back({{"id", r.sample->people[i]}, {"name", r.sample->names[i]}});
    j["sample"] = {{"seed", r.sample->seed},
                   {"requested", r.sample->requested},
                   {"people", std::move(people)}};
  }
  out << j.dump(2) << '\n';
}

void write_audit_csv(std::ostream& out, const report::AuditReport& r) {
  if (r.anomalies_only) {
    io::write_csv_row(out, {"person", "date", "anomaly", "entries", "detail"});
    for (const auto& a : r.anomalies) {
      std::string ids;
      for (auto id : a.entries) ids += (ids.empty() ? "" : ";") + std::to_string(id);
      io::write_csv_row(
          out, {a.person, a.date.iso(), std::string(audit::to_string(a.kind)), ids, a.detail});
    }
    return;
  }
  std::vector<std::string> header{"person",       "name",          "ruleset",
                                  "enrolled_on",  "grandfathered", "eligible",
                                  "still_needed", "waived",        "anomalies"};
  if (r.sample) {
    header.emplace_back("sample");
    header.emplace_back("sample_seed");
  }
  for (const auto& c : r.columns)
    for (const char* part : {"status", "value", "remaining"})
      header.push_back(fmt::format("{}.{}", c.id, part));
  io::write_csv_row(out, header);
  for (const auto& row : r.people) {
    std::vector<std::string> cells{row.person_id,
                                   row.person_name,
                                   row.ruleset_id,
                                   row.enrolled_on ? row.enrolled_on->iso() : "",
                                   row.grandfathered ? "yes" : "no",
                                   row.eligible ? "yes" : "no",
                                   still_needed_text(row),
                                   waived_text(row),
                                   std::to_string(row.anomalies)};
    if (r.sample) {
      cells.push_back(row.sample_position ? std::to_string(*row.sample_position) : "");
      cells.push_back(row.sample_position ? std::to_string(r.sample->seed) : "");
    }
    for (const auto& col : r.columns) {
      const report::AuditCell* cell = nullptr;
      for (const auto& c : row.requirements)
        if (c.id == col.id) cell = &c;
      for (auto& s : csv_cells(cell)) cells.push_back(std::move(s));
    }
    io::write_csv_row(out, cells);
  }
}

}  // namespace balint::render
