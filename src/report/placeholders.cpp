#include "balint/report/placeholders.hpp"

namespace balint::report {

const std::set<std::string>& certificate_placeholders() {
  static const std::set<std::string> names{
      "name", "person_id", "registration", "issuer", "title", "body", "ruleset", "edition",
      "issued", "serial", "revision", "code", "verify_payload", "verify_url", "verify", "duplicate",
      "signatory", "signatory_role",
      // cpd
      "from", "to", "period", "activities", "sessions", "hours", "credits", "caps",
      // accreditation
      "status", "family"};
  return names;
}

}  // namespace balint::report
