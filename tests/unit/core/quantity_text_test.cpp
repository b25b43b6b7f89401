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
  // The first bad sequence, after whole multi-byte characters (not at the é's first byte).
  CHECK(utf8_error_at("caf\xc3\xa9\xff") == 5);
  CHECK(utf8_error_at("abc\xc3") == 3);
  CHECK(utf8_error_at("Ζωή") == std::string_view::npos);
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

TEST_CASE("names: any printable character, no control characters, bidi overrides or isolates") {
  for (const char* ok : {"Ελένη Άννα", "Nguyễn Thị Thu Hương", "שרה כהן", "林𪚥", "Zoë 😀",
                         "O'Brien-Smith", "a\u200Db" /* ZWJ joins emoji and Indic letters */})
    CHECK_FALSE(name_problem(ok));
  struct Bad {
    std::string name;
    const char* code;
  };
  for (const auto& b : std::vector<Bad>{{"a\tb", "U+0009"},
                                        {"a\nb", "U+000A"},
                                        {"a\rb", "U+000D"},
                                        {std::string("a\0b", 3), "U+0000"},
                                        {"a\x7f", "U+007F"},
                                        {"a\u0085", "U+0085"},
                                        {"a\u009f", "U+009F"},
                                        {"a\u2028", "U+2028"},
                                        {"\u202Aa", "U+202A"},
                                        {"a\u202E", "U+202E"},
                                        {"a\u2066", "U+2066"},
                                        {"a\u2069", "U+2069"}}) {
    CAPTURE(b.code);
    auto why = name_problem(b.name);
    REQUIRE(why);
    CHECK(why->find(b.code) != std::string::npos);
  }
  CHECK_FALSE(name_problem("a\u2065b"));  // unassigned, between the isolates and the overrides
  CHECK(name_problem("\xff") == std::string("is not valid UTF-8"));
}

TEST_CASE("printable escapes control and bidi-control characters, nothing else") {
  CHECK(printable("Ζωή O'Brien \\ 100%") == "Ζωή O'Brien \\ 100%");
  CHECK(printable("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(printable("\x1b[2Jx\x7f") == "\\x1b[2Jx\\x7f");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("Zo\u202Ee\u2066\u200F") == "Zo\\u{202E}e\\u{2066}\\u{200F}");
  CHECK(printable("\xC2\x9B"
                  "31m") == "\\u{009B}31m");  // C1 CSI
  CHECK(printable("\u2028") == "\\u{2028}");
  CHECK(printable("ok\xff\xc3") == "ok\\xff\\xc3");  // not UTF-8
}

TEST_CASE("all_digits: one or more ASCII digits and nothing else") {
  CHECK(all_digits("0"));
  CHECK(all_digits("2024"));
  CHECK_FALSE(all_digits(""));
  CHECK_FALSE(all_digits("12a"));
  CHECK_FALSE(all_digits("-1"));
  CHECK_FALSE(all_digits(" 1"));
  CHECK_FALSE(all_digits("1.5"));
  CHECK_FALSE(all_digits("\xd9\xa1"));  // ARABIC-INDIC DIGIT ONE is not ASCII
}
