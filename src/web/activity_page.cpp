// The activity log (issue 19) for the secretary and the auditor: who wrote what, and when,
// filtered by date and person, and the same rows as a CSV download.
#include "activity_page.hpp"

#include <sstream>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/render/table.hpp"
#include "balint/service/activity.hpp"

namespace balint::web {
namespace {

// The page shows the newest rows up to this many; the CSV has them all.
constexpr std::size_t kShown = 500;

struct Filters {
  service::ActivityQuery query;
  std::string since, until, person;  // as typed, for the form
  std::string problem;               // a date that is not one, translated
};

Filters read_filters(const Call& c) {
  Filters f;
  f.since = std::string(core::trim(c.param("since").substr(0, 40)));
  f.until = std::string(core::trim(c.param("until").substr(0, 40)));
  f.person = std::string(core::trim(c.param("person").substr(0, 200)));
  auto date = [&f](const std::string& text, std::optional<core::Date>& into) {
    if (text.empty()) return;
    into = core::Date::parse(text);
    if (!into) f.problem = tr("Give dates as YYYY-MM-DD.");
  };
  date(f.since, f.query.since);
  date(f.until, f.query.until);
  if (!f.person.empty()) f.query.person = f.person;
  if (f.problem.empty() && f.query.since && f.query.until && *f.query.until < *f.query.since)
    f.problem = tr("The last day is before the first.");
  return f;
}

void activity_page(Call& c) {
  Filters f = read_filters(c);
  std::vector<store::Activity> rows;
  if (f.problem.empty()) rows = service::activity_log(c.ledger, f.query);
  mstch::array shown;
  // Newest first on the page.
  for (auto it = rows.rbegin(); it != rows.rend() && shown.size() < kShown; ++it) {
    std::string people;
    for (const auto& p : it->people) people += (people.empty() ? "" : " ") + p;
    shown.push_back(mstch::map{{"at", it->at},
                               {"actor", core::printable(it->actor)},
                               {"operation", core::printable(it->operation)},
                               {"kind", core::printable(it->kind)},
                               {"subject", core::printable(it->subject)},
                               {"people", core::printable(people)},
                               {"detail", core::printable(it->detail)}});
  }
  send_page(c, "activity", tr("Activity"),
            {{"since", f.since},
             {"until", f.until},
             {"person", f.person},
             {"problem", f.problem},
             {"rows", shown},
             {"has_rows", !shown.empty()},
             {"shown", std::to_string(shown.size())},
             {"matched", std::to_string(rows.size())}},
            f.problem.empty() ? 200 : 400);
}

void activity_csv(Call& c) {
  Filters f = read_filters(c);
  if (!f.problem.empty())
    return send_page(c, "error", tr("Not possible"), {{"message", f.problem}}, 400);
  std::ostringstream out;
  // write_csv neutralises cells a spreadsheet would take for a formula (= + - @ tab CR).
  render::write_csv(out, service::activity_table(service::activity_log(c.ledger, f.query)));
  c.res.set_header("Content-Disposition", "attachment; filename=\"activity.csv\"");
  c.res.set_content(out.str(), "text/csv; charset=utf-8");
}

}  // namespace

void handle_activity_page(Call& c) {
  switch (c.route.id) {
    case RouteId::activity_page: return activity_page(c);
    case RouteId::activity_csv: return activity_csv(c);
    default: throw core::InternalError("not an activity page");
  }
}

}  // namespace balint::web
