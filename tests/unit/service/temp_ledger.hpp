#pragma once
// A ledger in a fresh temporary folder for the service module's unit tests: three people, each
// with some entries, and the rule sets of the source tree.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "balint/store/ledger.hpp"

struct ServiceLedger {
  std::filesystem::path dir;
  balint::store::Ledger ledger;

  ServiceLedger()
      : dir(make_dir()),
        ledger((dir / "ledger.sqlite").string(), balint::store::Ledger::Mode::create) {
    for (const char* id : {"ann", "helen", "zoe"})
      ledger.add_person({id, std::string(id) + " Name", "", {}});
  }
  ~ServiceLedger() { std::filesystem::remove_all(dir); }
  ServiceLedger(const ServiceLedger&) = delete;
  ServiceLedger& operator=(const ServiceLedger&) = delete;

  /// A group session of `minutes` for `person` on `date`.
  std::int64_t log(const std::string& person, const std::string& date, int minutes) {
    balint::domain::Entry e;
    e.date = *balint::core::Date::parse(date);
    e.person = person;
    e.minutes = minutes;
    e.group = "Thursday group";
    e.source = {"log", "", 0};
    return ledger.add_entries({e}).front();
  }

  /// Writes `text` to a file in the folder; returns its path.
  std::string file(const std::string& name, const std::string& text) const {
    const auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }

  static std::filesystem::path make_dir() {
    char tmpl[] = "/tmp/balint-service-unit-XXXXXX";
    return ::mkdtemp(tmpl);
  }
};
