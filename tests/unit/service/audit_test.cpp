// service::audit: who is audited, the sample, and the PDF and letters it writes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "balint/core/error.hpp"
#include "balint/service/audit.hpp"
#include "balint/service/catalogue.hpp"
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
