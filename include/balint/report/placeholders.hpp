#pragma once
// The placeholders a certificate template may use: the fields a certificate's content fills.
// The one list, used by the certificate service to fill them and by every template load
// (command line, tests, fuzzers, benchmarks) to check them.
#include <set>
#include <string>

namespace balint::report {

/// Every placeholder a certificate template may use, for both kinds of certificate (cpd,
/// accreditation): a certificate fills those of the other kind with "", so any template may
/// use any of them.
const std::set<std::string>& certificate_placeholders();

}  // namespace balint::report
