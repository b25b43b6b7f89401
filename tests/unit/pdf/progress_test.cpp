// The progress report PDF, from a real evaluation of a shipped rule set.
#include "balint/pdf/progress.hpp"

#include <doctest/doctest.h>

#include "balint/eval/evaluation.hpp"
#include "balint/report/placeholders.hpp"
#include "balint/report/progress.hpp"
#include "balint/rules/loader.hpp"
#include "pdf_tools.hpp"

using namespace balint;
using core::Date;

namespace {

domain::Entry entry(std::int64_t id, Date d, domain::Activity a, domain::Role r, int minutes,
                    std::string group, std::string setting, std::string leader = "helen") {
  domain::Entry e;
  e.id = id;
  e.date = d;
  e.person = "zoe";
  e.activity = a;
  e.role = r;
  e.minutes = minutes;
  e.group = std::move(group);
  e.setting = std::move(setting);
  e.leader = std::move(leader);
  return e;
}

// Zoe's history: three years of member sessions, then co-leading, training and supervision.
domain::PersonHistory history(int sessions) {
  domain::PersonHistory h;
  h.person = {"zoe", "Ζωή Παπαδοπούλου", "", {{"psychodynamic_training", "no"}}};
  std::int64_t id = 100;
  Date d = Date::from_ymd(2023, 1, 12);
  for (int i = 0; i < sessions; ++i, d = d.add_days(14)) {
    bool leading = i >= sessions / 2;
    h.entries.push_back(entry(id++, d, domain::Activity::group,
                              leading ? domain::Role::co_leader : domain::Role::member, 90,
                              leading ? "Thursday GP group" : "Κέντρο Υγείας Καλαμαριάς",
                              i % 3 ? "general practice" : "hospital"));
    if (i % 9 == 4)
      h.entries.push_back(entry(id++, d.add_days(3), domain::Activity::supervision,
                                domain::Role::supervisee, 60, "", "", ""));
  }
  h.entries.push_back(entry(id++, Date::from_ymd(2024, 5, 18),
                            domain::Activity::leadership_training, domain::Role::participant, 420,
                            "", "", ""));
  h.entries.back().event = "Leaders' weekend, Oxford";
  h.entries.back().days = 2;
  h.memberships.push_back({"zoe", "UK Balint Society", Date::from_ymd(2022, 1, 1), std::nullopt});
  h.enrolments.push_back({"zoe", "bbs-leader", Date::from_ymd(2023, 9, 1)});
  return h;
}

report::ProgressReport progress(const domain::PersonHistory& h, Date as_of) {
  auto rules =
      rules::load_rule_file(std::string(BALINT_SOURCE_DIR) + "/rules/bbs-leader-2023.toml");
  domain::AccreditationIndex accredited({{"helen", "bbs-leader", Date::from_ymd(2015, 6, 1), ""}});
  auto ev = eval::evaluate(rules, h, accredited, as_of);
  return report::build_progress(std::move(ev), h,
                                report::make_pathway("bbs-leader", Date::from_ymd(2023, 9, 1),
                                                     "bbs-leader-2023", "bbs-leader-2023"));
}

pdf::Template style() {
  return pdf::load_template(pdftest::kTemplates + "/progress-report.toml",
                            pdf::progress_placeholders());
}

}  // namespace

TEST_CASE("progress report: content, page numbers, fonts") {
  auto h = history(70);
  auto r = progress(h, Date::from_ymd(2025, 11, 23));
  pdf::Meta meta{"Progress: Ζωή Παπαδοπούλου",
                 "The Balint Society (UK)",
                 "Progress report",
                 "",
                 "balint-ledger",
                 ""};
  auto bytes = pdf::render_progress_pdf(r, h.entries, style(), meta);
  pdftest::TempDir dir;
  auto text = pdftest::pdftotext(dir, bytes);
  CHECK(text.find("Accreditation of Balint group leaders") != std::string::npos);
  CHECK(text.find("Ζωή Παπαδοπούλου") != std::string::npos);
  CHECK(text.find("Cumulative hours by role") != std::string::npos);
  CHECK(text.find("Entries that counted") != std::string::npos);
  CHECK(text.find("Κέντρο Υγείας Καλαμαριάς") != std::string::npos);
  auto info = pdftest::pdfinfo(dir, bytes);
  int pages = std::stoi(pdftest::info_field(info, "Pages"));
  CHECK(pages >= 2);
  CHECK(text.find("page 1 of " + std::to_string(pages)) != std::string::npos);
  CHECK(text.find("page " + std::to_string(pages) + " of " + std::to_string(pages)) !=
        std::string::npos);
  CHECK(pdftest::info_field(info, "Page size") == "595.276 x 841.89 pts (A4)");
  auto fonts = pdftest::pdffonts(dir, bytes);
  CHECK(fonts.find(" no ") == std::string::npos);
}

TEST_CASE("progress report: deterministic, and a table row is never split across pages") {
  auto h = history(160);
  auto r = progress(h, Date::from_ymd(2029, 3, 1));
  pdf::Meta meta{"Progress", "", "", "", "balint-ledger", ""};
  auto a = pdf::render_progress_pdf(r, h.entries, style(), meta);
  auto b = pdf::render_progress_pdf(r, h.entries, style(), meta);
  CHECK(a == b);
  // Every counted entry's row appears whole: its date and its activity on the same page.
  pdftest::TempDir dir;
  std::string path = dir.write("long.pdf", a);
  int pages = std::stoi(pdftest::info_field(pdftest::pdfinfo(dir, a), "Pages"));
  CHECK(pages >= 3);
  for (int p = 1; p <= pages; ++p) {
    auto text = pdftest::run("pdftotext -layout -f " + std::to_string(p) + " -l " +
                             std::to_string(p) + " '" + path + "' -");
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      // A row line starts with a date and carries its activity and role.
      if (line.size() > 12 && line[0] != ' ' && line[4] == '-' && line[7] == '-' &&
          line.find("group, ") == std::string::npos &&
          line.find("supervision, ") == std::string::npos &&
          line.find("leadership-training, ") == std::string::npos)
        FAIL("a row without its activity: " << line);
    }
  }
}

TEST_CASE("progress report: a template without [report] is refused") {
  auto h = history(4);
  auto r = progress(h, Date::from_ymd(2023, 6, 1));
  auto cert = pdf::load_template(pdftest::kTemplates + "/certificate-cpd.toml",
                                 report::certificate_placeholders());
  CHECK_THROWS_AS(pdf::render_progress_pdf(r, h.entries, cert, pdf::Meta{}), core::DataError);
}
