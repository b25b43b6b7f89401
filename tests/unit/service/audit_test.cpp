// service::audit: who is audited, the sample, and the PDF and letters it writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "balint/core/error.hpp"
#include "balint/service/audit.hpp"
#include "balint/service/catalogue.hpp"
#include "balint/service/errors.hpp"
#include "temp_ledger.hpp"

using namespace balint;

namespace {

const std::string kSource = BALINT_SOURCE_DIR;

service::AuditRequest request_for(const std::string& pathway) {
  service::AuditRequest q;
  q.options.pathway = pathway;
  q.options.as_of = *core::Date::parse("2025-12-31");
  q.options.period = core::Period{core::Date::parse("2025-01-01"), core::Date::parse("2025-12-31")};
  q.letters_date = q.options.as_of;
  q.templates_dirs = {kSource + "/templates"};
  return q;
}

std::string head_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string s(5, '\0');
  in.read(s.data(), 5);
  return s;
}

}  // namespace

TEST_CASE("service::audit: the people enrolled in the pathway, a reproducible sample") {
  ServiceLedger t;
  const auto catalogue = service::load_catalogue({kSource + "/rules"});
  for (const char* id : {"ann", "zoe"})
    t.ledger.add_enrolment({id, "bbs-leader", *core::Date::parse("2024-01-10")});
  t.log("ann", "2025-03-04", 90);
  t.log("zoe", "2025-03-04", 90);
  t.log("helen", "2025-03-04", 90);  // not enrolled: not audited

  auto q = request_for("bbs-leader");
  q.sample = 1;
  q.seed = 42;
  const auto a = service::audit(t.ledger, catalogue, q);
  REQUIRE(a.report.people.size() == 2);
  CHECK(a.report.people[0].person_id == "ann");
  CHECK(a.report.people[1].person_id == "zoe");
  REQUIRE(a.report.sample);
  CHECK(a.report.sample->seed == 42);
  REQUIRE(a.report.sample->people.size() == 1);
  CHECK(a.letters == 0);  // none asked for
  // The same seed draws the same person; no seed draws a fresh one, which the report holds.
  CHECK(service::audit(t.ledger, catalogue, q).report.sample->people == a.report.sample->people);
  q.seed.reset();
  const auto fresh = service::audit(t.ledger, catalogue, q);
  REQUIRE(fresh.report.sample);
  CHECK(fresh.report.sample->people.size() == 1);
}

TEST_CASE("service::audit: unknown pathway and letters without a sample are refused") {
  ServiceLedger t;
  const auto catalogue = service::load_catalogue({kSource + "/rules"});
  CHECK_THROWS_AS(service::audit(t.ledger, catalogue, request_for("no-such-family")),
                  core::UsageError);
  auto q = request_for("bbs-leader");
  q.letters = (t.dir / "letters").string();
  CHECK_THROWS_AS(service::audit(t.ledger, catalogue, q), core::UsageError);
  CHECK_FALSE(std::filesystem::exists(q.letters));
}

TEST_CASE("service::audit: writes the report PDF and a letter per person sampled") {
  ServiceLedger t;
  const auto catalogue = service::load_catalogue({kSource + "/rules"});
  for (const char* id : {"ann", "helen", "zoe"})
    t.ledger.add_enrolment({id, "bbs-leader", *core::Date::parse("2024-01-10")});
  t.log("ann", "2025-03-04", 90);
  auto q = request_for("bbs-leader");
  q.sample = 2;
  q.seed = 7;
  q.pdf = (t.dir / "audit.pdf").string();
  q.letters = (t.dir / "letters").string();
  const auto a = service::audit(t.ledger, catalogue, q);
  CHECK(a.letters == 2);
  CHECK(head_of(q.pdf) == "%PDF-");
  for (const auto& id : a.report.sample->people)
    CHECK(head_of(service::letter_file(q.letters, id)) == "%PDF-");
  // An existing file is replaced only with force, and nothing is written when refused.
  std::filesystem::remove_all(q.letters);
  CHECK_THROWS(service::audit(t.ledger, catalogue, q));
  CHECK_FALSE(std::filesystem::exists(q.letters));
  q.force = true;
  CHECK(service::audit(t.ledger, catalogue, q).letters == 2);
}

namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE(
    "service::audit_report_pdf and evidence_letter_pdf: the bytes audit() writes to its files") {
  ServiceLedger t;
  const auto catalogue = service::load_catalogue({kSource + "/rules"});
  for (const char* id : {"ann", "helen", "zoe"})
    t.ledger.add_enrolment({id, "bbs-leader", *core::Date::parse("2024-01-10")});
  t.log("ann", "2025-03-04", 90);
  t.log("zoe", "2025-05-06", 600);
  auto q = request_for("bbs-leader");
  q.sample = 2;
  q.seed = 7;
  q.pdf = (t.dir / "audit.pdf").string();
  q.letters = (t.dir / "letters").string();
  const auto written = service::audit(t.ledger, catalogue, q);
  REQUIRE(written.letters == 2);
  // The same report again, made in memory (as the web pages do).
  auto memory = q;
  memory.pdf.clear();
  memory.letters.clear();
  const auto report = service::audit(t.ledger, catalogue, memory).report;
  const std::string pdf = service::audit_report_pdf(report, q.templates_dirs);
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf == bytes_of(q.pdf));
  for (const auto& id : report.sample->people) {
    CAPTURE(id);
    CHECK(service::evidence_letter_pdf(t.ledger, report, id, q.templates_dirs, q.letters_date) ==
          bytes_of(service::letter_file(q.letters, id)));
  }
  std::string outside;  // the one of the three not drawn
  for (const char* id : {"ann", "helen", "zoe"})
    if (std::find(report.sample->people.begin(), report.sample->people.end(), id) ==
        report.sample->people.end())
      outside = id;
  REQUIRE(!outside.empty());
  CHECK_THROWS_AS(
      service::evidence_letter_pdf(t.ledger, report, outside, q.templates_dirs, q.letters_date),
      service::NotFound);
  memory.sample.reset();
  const auto unsampled = service::audit(t.ledger, catalogue, memory).report;
  CHECK_THROWS_AS(
      service::evidence_letter_pdf(t.ledger, unsampled, "ann", q.templates_dirs, q.letters_date),
      service::NotFound);
}

TEST_CASE(
    "service::audit_options: one pathway or one rule set, evaluated at the period's end or today") {
  const core::Date today = *core::Date::parse("2026-06-30");
  const core::Period year{core::Date::parse("2025-01-01"), core::Date::parse("2025-12-31")};
  auto o = service::audit_options("bbs-leader", "", year, false, today);
  CHECK(o.pathway == "bbs-leader");
  CHECK(o.ruleset.empty());
  CHECK(o.as_of == *core::Date::parse("2025-12-31"));
  CHECK(o.period.from == year.from);
  const core::Period open{core::Date::parse("2026-01-01"), std::nullopt};
  o = service::audit_options("", "cpd-uk", open, true, today);
  CHECK(o.ruleset == "cpd-uk");
  CHECK(o.anomalies_only);
  CHECK(o.as_of == today);
  CHECK_THROWS_AS(service::audit_options("", "", year, false, today), core::UsageError);
  CHECK_THROWS_AS(service::audit_options("bbs-leader", "cpd-uk", year, false, today),
                  core::UsageError);
}

TEST_CASE("service::parse_seed: a whole number from 0 to 2^64-1 and nothing else") {
  CHECK(service::parse_seed("0") == std::uint64_t{0});
  CHECK(service::parse_seed("42") == std::uint64_t{42});
  CHECK(service::parse_seed("18446744073709551615") == UINT64_MAX);
  for (const char* bad :
       {"", "18446744073709551616", "-1", "+1", " 1", "1 ", "1x", "0x10", "4.2"}) {
    CAPTURE(bad);
    CHECK_FALSE(service::parse_seed(bad));
  }
}

TEST_CASE("service::audit_rows: by standing and by a part of the id or name, ignoring case") {
  report::AuditReport r;
  auto row = [](std::string id, std::string name, bool eligible, std::size_t anomalies,
                std::optional<std::size_t> drawn) {
    report::AuditRow x;
    x.person_id = std::move(id);
    x.person_name = std::move(name);
    x.evaluated = true;
    x.eligible = eligible;
    x.anomalies = anomalies;
    x.sample_position = drawn;
    return x;
  };
  r.people = {row("ann", "Ann Able", true, 0, std::nullopt), row("bob", "Bob Baker", false, 2, 1),
              row("eve", "Éve Ōkubo", false, 0, std::nullopt)};
  auto ids = [&](const service::AuditFilter& f) {
    std::vector<std::string> out;
    for (const auto* x : service::audit_rows(r, f)) out.push_back(x->person_id);
    return out;
  };
  CHECK(ids({}) == std::vector<std::string>{"ann", "bob", "eve"});
  CHECK(ids({"", "eligible"}) == std::vector<std::string>{"ann"});
  CHECK(ids({"", "not-eligible"}) == std::vector<std::string>{"bob", "eve"});
  CHECK(ids({"", "anomalies"}) == std::vector<std::string>{"bob"});
  CHECK(ids({"", "sample"}) == std::vector<std::string>{"bob"});
  CHECK(ids({"BAK", ""}) == std::vector<std::string>{"bob"});
  CHECK(ids({"éVE", ""}) == std::vector<std::string>{"eve"});  // a name's letters in another case
  CHECK(ids({"a", "not-eligible"}) == std::vector<std::string>{"bob"});
  CHECK(ids({"nobody", ""}).empty());
  r.people[0].evaluated = false;  // anomalies only: neither eligible nor not
  CHECK(ids({"", "eligible"}).empty());
  CHECK_THROWS_AS(service::audit_rows(r, {"", "waived"}), core::UsageError);
}

TEST_CASE("service::anomalies_by_severity: the most severe first, each with its entries") {
  ServiceLedger t;
  const auto catalogue = service::load_catalogue({kSource + "/rules"});
  for (const char* id : {"ann", "zoe"})
    t.ledger.add_enrolment({id, "bbs-leader", *core::Date::parse("2024-01-10")});
  // ann: low anomalies only (unverified, and a voided entry); zoe: 30 hours on one day (high).
  t.log("ann", "2025-02-01", 90);
  const auto wrong = t.log("ann", "2025-02-08", 90);
  t.ledger.void_entry(wrong, "logged twice", *core::Date::parse("2025-02-09"));
  std::vector<std::int64_t> zoe;
  for (int i = 0; i < 3; ++i) zoe.push_back(t.log("zoe", "2025-03-04", 600));
  const auto report = service::audit(t.ledger, catalogue, request_for("bbs-leader")).report;
  REQUIRE(report.anomalies.size() >= 3);
  CHECK(report.anomalies.front().person == "ann");  // the report's own order: by person

  const auto all = service::anomalies_by_severity(t.ledger, report, 1000, 100);
  REQUIRE(all.size() == report.anomalies.size());
  for (std::size_t i = 1; i < all.size(); ++i)
    CHECK(audit::severity(all[i - 1].anomaly.kind) <= audit::severity(all[i].anomaly.kind));
  CHECK(all.front().anomaly.kind == audit::AnomalyKind::day_over_24h);
  CHECK(all.front().anomaly.person == "zoe");
  REQUIRE(all.front().entries.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(all.front().entries[i].id == zoe[i]);
    CHECK(all.front().entries[i].minutes == 600);
  }
  CHECK(all.front().more == 0);
  bool saw_void = false;
  for (const auto& a : all)
    if (a.anomaly.kind == audit::AnomalyKind::voided) {
      REQUIRE(a.entries.size() == 1);
      CHECK(a.entries[0].id == wrong);
      CHECK(a.entries[0].voided);
      saw_void = true;
    }
  CHECK(saw_void);
  CHECK(audit::severity(all.back().anomaly.kind) == audit::Severity::low);

  const auto cut = service::anomalies_by_severity(t.ledger, report, 1, 2);
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].anomaly.kind == audit::AnomalyKind::day_over_24h);
  CHECK(cut[0].entries.size() == 2);
  CHECK(cut[0].more == 1);
}
