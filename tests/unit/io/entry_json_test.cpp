#include <doctest/doctest.h>

#include "balint/io/entry_export.hpp"

using namespace balint;

TEST_CASE("entry json: numbers as numbers, empty cells left out, the void reason") {
  domain::Entry e;
  e.id = 42;
  e.date = core::Date::from_ymd(2026, 3, 5);
  e.person = "zoe";
  e.activity = domain::Activity::group;
  e.role = domain::Role::leader;
  e.minutes = 90;
  e.group = "Thursday \"group\"";
  e.cases = 3;
  e.tags = {"a", "b"};
  const auto j = io::entry_json(e);
  CHECK(j.at("id") == 42);
  CHECK(j.at("date") == "2026-03-05");
  CHECK(j.at("person") == "zoe");
  CHECK(j.at("role") == "leader");
  CHECK(j.at("minutes").is_number_integer());
  CHECK(j.at("minutes") == 90);
  CHECK(j.at("cases") == 3);
  CHECK(j.at("group") == "Thursday \"group\"");
  CHECK(j.at("tags") == "a;b");
  CHECK_FALSE(j.contains("hours"));
  CHECK_FALSE(j.contains("days"));
  CHECK_FALSE(j.contains("verified_by"));
  CHECK_FALSE(j.contains("voided"));
  CHECK_FALSE(j.contains("source"));

  e.voided = true;
  e.void_reason = "logged twice";
  e.days = 2;
  const auto v = io::entry_json(e);
  CHECK(v.at("voided") == "logged twice");
  CHECK(v.at("days") == 2);
}
