#pragma once
// A date in a unit test: d(2025, 3, 4). One definition for every test binary (it was written
// nine times, and a unity build compiles a binary's test files as one).
#include "balint/core/date.hpp"

namespace balint::testing {

inline core::Date d(int y, int m, int dd) { return core::Date::from_ymd(y, m, dd); }

}  // namespace balint::testing
