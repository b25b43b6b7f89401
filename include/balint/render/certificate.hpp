#pragma once
// A certificate's words: report::Certificate as the text of every placeholder a certificate
// template may use.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "balint/report/certificate.hpp"

namespace balint::render {

/// Every placeholder a certificate template may use, for both kinds (those of the other kind
/// are empty): name, person_id, registration, issuer, title, body, ruleset, edition, issued,
/// serial, revision, code, verify_payload, verify_url, verify, duplicate, signatory,
/// signatory_role; cpd: from, to, period, activities, sessions, hours, credits, caps;
/// accreditation: status, family.
const std::set<std::string>& certificate_field_names();

/// The registration line: "LABEL: VALUE", the value alone without a label, empty without one.
std::string registration_line(const report::Certificate& c);

/// The text of every placeholder of certificate_field_names() for `c`.
std::map<std::string, std::string> certificate_fields(const report::Certificate& c);

}  // namespace balint::render
