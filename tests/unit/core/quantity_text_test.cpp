#include <doctest/doctest.h>

#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"

using namespace balint::core;

TEST_CASE("minutes and hours") {
  CHECK(parse_minutes("90") == 90);
  CHECK(parse_minutes("1440") == 1440);
  CHECK_FALSE(parse_minutes("1441"));
  CHECK_FALSE(parse_minutes("0"));
  CHECK_FALSE(parse_minutes("1.5"));
  CHECK_FALSE(parse_minutes("-5"));
  CHECK(parse_hours("1.5") == 90);
  CHECK(parse_hours("24") == 1440);
  CHECK(parse_hours("0.25") == 15);
  CHECK(parse_hours("1.33") == 80);  // 79.8 rounds to 80
  CHECK_FALSE(parse_hours("24.01"));
  CHECK_FALSE(parse_hours("0"));
  CHECK_FALSE(parse_hours("1,5"));
  CHECK_FALSE(parse_hours(".5"));
  CHECK(hours_str(90) == "1.50");
  CHECK(hours_str(100) == "1.67");
  CHECK(hours_str(0) == "0.00");
}

TEST_CASE("centi fixed point") {
  CHECK(Centi::parse("12.5")->v == 1250);
  CHECK(Centi::parse("0.25")->str() == "0.25");
  CHECK_FALSE(Centi::parse("0.255"));
  CHECK(Centi{1250}.short_str() == "12.5");
  CHECK(Centi{1200}.short_str() == "12");
  CHECK(Centi{-50}.str() == "-0.50");
}

TEST_CASE("utf8 and nfc") {
  CHECK(valid_utf8("Ζωή Παπαδοπούλου"));
  CHECK_FALSE(valid_utf8("\xff\xfe"));
  CHECK_FALSE(valid_utf8("abc\xc3"));
  // "Zoe\u0301" decomposed → composed é (U+00E9 is "\xc3\xa9"); ώ from ω + U+0301.
  CHECK(nfc("Zoe\xcc\x81") == "Zo\xc3\xa9");
  CHECK(nfc("\xcf\x89\xcc\x81") == "\xcf\x8e");
  CHECK(nfc("Jürgen Weiß") == "Jürgen Weiß");
  CHECK(display_width("Ζωή") == 3);
}

TEST_CASE("handles and suggestions") {
  CHECK(valid_handle("zoe.p-2"));
  CHECK_FALSE(valid_handle("Zoe"));
  CHECK_FALSE(valid_handle(""));
  CHECK_FALSE(valid_handle("a b"));
  CHECK(suggest("grup", {"group", "supervision"}) == "group");
  CHECK(suggest("co_leader", {"leader", "co-leader"}) == "co-leader");
  CHECK_FALSE(suggest("xyz", {"group", "supervision"}));
  CHECK(did_you_mean("membr", {"member", "leader"}) == "; did you mean 'member'?");
  CHECK(split("a;b;;c", ';').size() == 4);
}
