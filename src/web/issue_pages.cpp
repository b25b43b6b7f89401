// Issuing certificates from the browser (issue 19): the secretary picks a rule set, a period
// and everyone or some people; the page shows the plan the command line's `certificate --all`
// shows (who, which serial and figures, who is skipped and why); the confirm button issues
// exactly that plan: planned again on confirm and inside the write lock, and refused when the
// ledger changed in between (the plan's digest differs). The result lists what was issued and
// whose certificate could not be printed. The auditor sees the plan, without the button.
#include <fmt/core.h>

#include <exception>
#include <filesystem>
#include <sstream>

#include "balint/core/error.hpp"
#include "balint/core/path.hpp"
#include "balint/core/text.hpp"
#include "balint/io/files.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/issuing.hpp"
#include "office.hpp"
#include "pages.hpp"

namespace balint::web {
namespace {

namespace fs = std::filesystem;

// What the form asks: the rule set, the period in the command line's words (`2026`,
// `last year` ...), and whom (ids separated by spaces or commas; none: everyone).
struct IssueRequest {
  std::string rules;
  std::string period_text;
  std::string people_text;
  core::Period period;
  std::vector<std::string> people;  // empty: everyone
  std::string problem;              // translated; the form is shown again with it
};

IssueRequest issue_request(const Call& c) {
  IssueRequest r;
  r.rules = std::string(core::trim(c.param("rules").substr(0, 200)));
  r.period_text = std::string(core::trim(c.param("period").substr(0, 100)));
  r.people_text = c.param("people").substr(0, 20000);
  std::string id;
  for (char ch : r.people_text + " ") {
    if (ch == ' ' || ch == ',' || ch == '\n' || ch == '\r' || ch == '\t') {
      if (!id.empty()) r.people.push_back(id);
      id.clear();
    } else {
      id += ch;
    }
  }
  if (!r.period_text.empty()) {
    auto p = core::Period::parse(r.period_text, c.today);
    if (!p)
      r.problem = tr("The period is not one: give a year (2026), a month (2026-03) or A..B.");
    else
      r.period = *p;
  }
  return r;
}

// Issued certificates go into one folder beside the ledger, each file named by serial,
// revision and person, so that no run replaces another's file.
std::string issue_folder(const Call& c) {
  return (fs::absolute(core::folder_of(c.env.options.db_path)) / "certificates")
      .lexically_normal()
      .string();
}

service::FileFor issue_file_for(const std::string& folder) {
  return [folder](const service::PlannedCertificate& is) {
    return (fs::path(folder) /
            fmt::format("{}-{}-{}.pdf", is.slot.serial, is.slot.revision, is.content.person.id))
        .string();
  };
}

mstch::array ruleset_choices(const Call& c, const std::string& selected) {
  mstch::array out;
  for (const auto& rs : c.env.catalogue.all())
    out.push_back(
        mstch::map{{"value", rs.id},
                   {"label", fmt::format("{} ({})", rs.title_in(current_language()), rs.id)},
                   {"selected", rs.id == selected}});
  return out;
}

// The page's data for a plan (or, with `issued`, for a run's result).
mstch::map plan_data(const Call& c, const IssueRequest& r, const service::BulkPlan& b) {
  mstch::array rows, skipped, unprintable;
  for (const auto& is : b.plan)
    rows.push_back(mstch::map{{"person", core::printable(is.content.person.id)},
                              {"name", core::printable(is.content.person.name)},
                              {"serial", is.slot.serial},
                              {"revision", std::to_string(is.slot.revision)},
                              {"reissue", is.slot.revision > 1},
                              {"figures", core::printable(is.content.summary)}});
  for (const auto& s : b.skipped)
    skipped.push_back(
        mstch::map{{"person", core::printable(s.person)}, {"why", core::printable(s.why)}});
  for (const auto& line : b.undrawable)
    unprintable.push_back(mstch::map{{"line", core::printable(line)}});
  return mstch::map{
      {"rules", r.rules},
      {"period", r.period_text},
      {"people", r.people_text},
      {"rulesets", ruleset_choices(c, r.rules)},
      {"has_plan", true},
      {"rows", rows},
      {"has_rows", !b.plan.empty()},
      {"planned", std::to_string(b.plan.size())},
      {"new", std::to_string(b.plan.size() - b.duplicates)},
      {"duplicates", std::to_string(b.duplicates)},
      {"skipped", skipped},
      {"has_skipped", !b.skipped.empty()},
      {"skipped_count", std::to_string(b.skipped.size())},
      {"unprintable", unprintable},
      {"has_unprintable", !b.undrawable.empty()},
      {"digest", service::plan_digest(b.plan)},
      {"may_issue", c.who->account.role == store::AccountRole::secretary && !b.plan.empty()},
      {"csrf", c.who->csrf}};
}

// The plan for the request; nullopt with `problem` (translated or the service's) when the form
// asks for something that is not possible. `confirming`: for the POST that issues.
std::optional<service::BulkPlan> plan_for(Call& c, const IssueRequest& r,
                                          std::optional<service::CertificateJob>& job,
                                          std::string& problem, bool confirming) {
  if (!r.problem.empty()) {
    problem = r.problem;
    return std::nullopt;
  }
  const rules::RuleSet* rs = nullptr;
  for (const auto& s : c.env.catalogue.all())
    if (s.id == r.rules) rs = &s;
  if (!rs) {
    problem = tr("Choose a rule set.");
    return std::nullopt;
  }
  job.emplace(service::open_certificate_job(*rs, c.ledger, c.env.options.templates_dirs, c.today));
  const std::string folder = issue_folder(c);
  // Before a run: the files a killed run registered are moved into place (never on the page
  // the auditor reads, which writes nothing).
  if (confirming) service::place_left_behind(*job, folder);
  try {
    return r.people.empty()
               ? service::plan_all(*job, r.period, issue_file_for(folder), "")
               : service::plan_people(*job, r.period, r.people, issue_file_for(folder), "");
  } catch (const core::UsageError& e) {  // an unknown person; a period that starts after today
    problem = core::printable(e.what());
    return std::nullopt;
  }
}

void show_issue_form(Call& c, const IssueRequest& r, const std::string& problem, int status) {
  send_page(c, "issue", tr("Issue certificates"),
            {{"rules", r.rules},
             {"period", r.period_text},
             {"people", r.people_text},
             {"rulesets", ruleset_choices(c, r.rules)},
             {"problem", problem}},
            status);
}

void issue_page(Call& c) {
  IssueRequest r = issue_request(c);
  if (r.rules.empty() && r.problem.empty()) return show_issue_form(c, r, "", 200);
  std::optional<service::CertificateJob> job;
  std::string problem;
  auto b = plan_for(c, r, job, problem, false);
  if (!b) return show_issue_form(c, r, problem, 400);
  send_page(c, "issue", tr("Issue certificates"), plan_data(c, r, *b));
}

// Thrown inside the write lock when the final plan is not the one confirmed.
struct PlanChanged : std::exception {};

void issue(Call& c) {
  IssueRequest r = issue_request(c);
  const std::string confirmed = c.param("digest");
  std::optional<service::CertificateJob> job;
  std::string problem;
  auto b = plan_for(c, r, job, problem, true);
  if (!b) return show_issue_form(c, r, problem, 400);
  const std::string changed =
      tr("The ledger has changed since the plan was shown, so nothing was issued.") + " " +
      tr("This is the plan now: check it and confirm again.");
  auto show_changed = [&](const service::BulkPlan& now) {
    auto data = plan_data(c, r, now);
    data["problem"] = changed;
    send_page(c, "issue", tr("Issue certificates"), std::move(data), 409);
  };
  if (b->plan.empty()) return show_issue_form(c, r, tr("Nobody's certificate can be issued."), 409);
  if (service::plan_digest(b->plan) != confirmed) return show_changed(*b);
  if (!b->existing.empty())
    return show_issue_form(c, r,
                           core::printable(fmt::format("{}: {}", b->existing.front(),
                                                       tr("exists already; nothing was issued"))),
                           409);
  const std::string folder = issue_folder(c);
  std::vector<service::PlannedCertificate> written;
  try {
    io::check_output_folder(folder);
    io::make_private_folder(folder);
    written = service::issue_certificates(
        *job, c.env.options.db_path + ".key", b->people, r.period, issue_file_for(folder), "", {},
        [&confirmed](const std::vector<service::PlannedCertificate>& final_plan) {
          if (service::plan_digest(final_plan) != confirmed) throw PlanChanged();
        });
  } catch (const PlanChanged&) {
    return show_changed(*b);
  } catch (const core::Error& e) {
    std::string lines;
    for (const auto& l : e.lines()) lines += (lines.empty() ? "" : "; ") + l;
    return send_page(
        c, "error", tr("Not possible"),
        {{"message", core::printable(fmt::format("{} {}", tr("Issuing stopped:"), lines))}}, 409);
  }
  auto data = plan_data(c, r, *b);
  mstch::array issued;
  for (const auto& is : written)
    issued.push_back(mstch::map{{"person", core::printable(is.content.person.id)},
                                {"name", core::printable(is.content.person.name)},
                                {"serial", is.slot.serial},
                                {"revision", std::to_string(is.slot.revision)},
                                {"figures", core::printable(is.content.summary)}});
  data["has_plan"] = false;
  data["may_issue"] = false;
  data["done"] = true;
  data["issued"] = issued;
  data["issued_count"] = std::to_string(written.size());
  send_page(c, "issue", tr("Certificates issued"), std::move(data));
}

}  // namespace

void handle_issue_page(Call& c) {
  switch (c.route.id) {
    case RouteId::issue_page: return issue_page(c);
    case RouteId::issue: return issue(c);
    default: throw core::InternalError("not an issuing page");
  }
}

}  // namespace balint::web
