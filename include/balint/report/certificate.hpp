#pragma once
// What one certificate says (SPEC §8), as values: who, under which rule set, the figures of a
// CPD certificate or the standing of an accreditation certificate, and, once planned, its
// serial, revision and verification code. service/issuing builds it; render::certificate_fields
// words it for a template's placeholders; the PDF engine draws those.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/eval/credit_summary.hpp"

namespace balint::report {

struct Certificate {
  std::string kind;  ///< "cpd" or "accreditation"
  std::string person_id;
  std::string name;
  std::string registration;        ///< the person's registration attribute, or empty
  std::string registration_label;  ///< the template's label for it ("GMC"), or empty
  std::string body;                ///< the rule set's body
  std::string title;               ///< the rule set's title
  std::string ruleset;
  std::string edition;
  core::Date issued;
  std::string issuer;  ///< the issuing body as the certificate names it
  std::string signatory;
  std::string signatory_role;

  // Once planned (empty before).
  std::string serial;
  int revision = 0;
  std::string code;            ///< the verification code (once signed)
  std::string verify_payload;  ///< the signed token the QR code holds (once signed)

  // A CPD certificate: the period and its figures.
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  std::int64_t sessions = 0;
  std::int64_t minutes = 0;
  core::Centi credits;
  std::vector<eval::ActivityCredits> activities;  ///< in SPEC order
  std::vector<eval::CapSummary> caps;             ///< what the caps removed
  bool has_caps = false;  ///< the rule set caps a credit rate (so "no cap reduced" is news)

  // An accreditation certificate: the family, and since when the person holds it (none:
  // eligible on `issued`).
  std::string family;
  std::optional<core::Date> accredited_since;
};

}  // namespace balint::report
