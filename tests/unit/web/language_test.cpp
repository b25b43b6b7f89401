// The pages' language: chosen per request, its catalogue, its dates and numbers.
#include <doctest/doctest.h>

#include <string>
#include <thread>

#include "language.hpp"

using namespace balint;
using namespace balint::web;

TEST_CASE("choose_language: the user's choice, then Accept-Language by q-value, then English") {
  CHECK(choose_language("el", "de") == "el");
  CHECK(choose_language("xx", "de") == "de");
  CHECK(choose_language("", "") == "en");
  CHECK(choose_language("", "fr-FR, fr;q=0.9") == "en");
  CHECK(choose_language("", "de-AT") == "de");
  CHECK(choose_language("", "EL-gr") == "el");
  CHECK(choose_language("", "en;q=0.5, de;q=0.6") == "de");
  CHECK(choose_language("", "fr, el;q=0.3, de;q=0.2") == "el");
  CHECK(choose_language("", "de, el") == "de");            // a tie: the first given
  CHECK(choose_language("", "de;q=0, el;q=0") == "en");    // q=0: not acceptable
  CHECK(choose_language("", "de;q=2, el;q=0.1") == "el");  // not a q-value: passed over
  CHECK(choose_language("", "*") == "en");
  CHECK(choose_language("", "de;q=0.8;foo=bar") == "de");
  CHECK(choose_language("", ",,;;q=,") == "en");
}

TEST_CASE("tr, dates and numbers follow the thread's language - English as before") {
  const Languages all(locale_dirs());
  REQUIRE(all.missing().empty());  // the build's catalogues
  const auto day = core::Date::from_ymd(2026, 10, 1);
  CHECK(current_language() == "en");
  CHECK(tr("Log in") == "Log in");
  CHECK(date_text(day) == "2026-10-01");
  CHECK(hours_text(90) == "1.50");
  CHECK(number_text(core::Centi{750}) == "7.5");
  CHECK(vocab_text("co-leader") == "co-leader");
  {
    LanguageScope de(all, "de");
    CHECK(current_language() == "de");
    CHECK(tr("Log in") == "Anmelden");
    CHECK(tr("no such message") == "no such message");
    CHECK(hours_text(90) == "1,50");
    CHECK(number_text(core::Centi{750}) == "7,5");
    CHECK(number_text(core::Centi{1400}) == "14");
    CHECK(date_text(day, true) == "1. Oktober 2026");
    CHECK(vocab_text("co-leader") == "Co-Leitung");
    // Another thread meanwhile is English: the language is the request's, not the process's.
    std::string other;
    std::thread([&] { other = tr("Log in") + " " + date_text(day); }).join();
    CHECK(other == "Log in 2026-10-01");
  }
  CHECK(tr("Log in") == "Log in");
  {
    LanguageScope el(all, "el");
    CHECK(tr("Log in") == "Σύνδεση");
    CHECK(date_text(day, true) == "1 Οκτωβρίου 2026");
    CHECK(hours_text(75) == "1,25");
  }
  {
    LanguageScope unknown(all, "xx");
    CHECK(current_language() == "en");
    CHECK(tr("Log in") == "Log in");
  }
}
