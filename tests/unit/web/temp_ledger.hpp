#pragma once
// A ledger in a fresh temporary folder, with a few people, for the web module's unit tests.
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "balint/store/ledger.hpp"

struct TempLedger {
  std::filesystem::path dir;
  balint::store::Ledger ledger;

  TempLedger()
      : dir(make_dir()),
        ledger((dir / "ledger.sqlite").string(), balint::store::Ledger::Mode::create) {
    for (const char* id : {"zoe", "ann", "helen"}) ledger.add_person({id, id, "", {}});
  }
  ~TempLedger() { std::filesystem::remove_all(dir); }
  TempLedger(const TempLedger&) = delete;
  TempLedger& operator=(const TempLedger&) = delete;

  static std::filesystem::path make_dir() {
    char tmpl[] = "/tmp/balint-web-unit-XXXXXX";
    return ::mkdtemp(tmpl);
  }
};
