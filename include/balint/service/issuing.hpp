#pragma once
// Certificates, from what one says to the file in place: the content of a person's certificate
// (a view model of values, or why it cannot be issued), planning serials, revisions and
// signatures, and issuing: files rendered and staged, registered in one transaction and moved
// into place after the commit (issue 14, finding 7). The command line and, later, the web
// server's society pages call these; they print nothing.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "balint/cert/keys.hpp"
#include "balint/cert/payload.hpp"
#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/pdf/template.hpp"
#include "balint/report/certificate.hpp"
#include "balint/rules/ruleset.hpp"
#include "balint/store/certificates.hpp"
#include "balint/service/keys.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

using Fields = std::map<std::string, std::string>;

/// The template a rule set's certificates use unless another is named.
std::string default_certificate_template(const std::string& kind);

/// One certificate's content before it has a serial; or why it cannot be issued.
struct CertificateContent {
  domain::Person person;
  std::string kind;  ///< "cpd" or "accreditation"
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  /// Figures for the register; those without a '.' in their key (the totals) are signed too,
  /// the breakdown by activity ("group.hours") only in the register, to keep the QR code small.
  Fields figures;
  report::Certificate certificate;   ///< what it says (no serial yet)
  std::string summary;               ///< one line: "19.50 hours, 18.00 credits"
  std::vector<std::string> refusal;  ///< non-empty: not issued, and why
  std::string skip;                  ///< with refusal: a few words for the --all plan
  bool undrawable = false;           ///< refused because the template's fonts cannot print it
  std::string registration = {};     ///< the attribute the template names, signed when present
};

/// One certificate ready to be written (or, after issuing, written).
struct PlannedCertificate {
  CertificateContent content;
  store::CertificateSlot slot;
  cert::Signed signed_cert;
  std::string file;                 ///< where it goes
  report::Certificate certificate;  ///< what it says, serial, revision and code included
};

/// Who issues and signs a run's certificates, as they print.
struct CertificateSigner {
  std::string issuer;  ///< the issuing body (the template's when not given)
  std::string signatory;
  std::string signatory_role;
};

/// Everything one certificate run works with, opened before anything is written (the template's
/// problems stop the run early).
struct CertificateJob {
  const rules::RuleSet& rs;
  store::Ledger& ledger;
  store::CertificateRegister reg;
  domain::AccreditationIndex index;
  pdf::Template tmpl;
  core::Date as_of;
  bool force = false;        ///< existing files are replaced
  CertificateSigner signer;  ///< from the command line or settings
};

/// What `person`'s certificate under the job's rule set says for `period` (CPD; ignored for an
/// accreditation certificate), or why it cannot be issued (`refusal`). UsageError when the
/// period starts after the issue date.
CertificateContent certificate_content(const CertificateJob& job, const std::string& person,
                                       core::Period period);

/// Serials, revisions and (with `key`) signatures for `contents`, in order.
std::vector<PlannedCertificate> plan_certificates(const CertificateJob& job,
                                                  std::vector<CertificateContent> contents,
                                                  const cert::SecretKey* key);

/// A person the --all plan leaves out, and why in a few words (CertificateContent::skip).
struct Skipped {
  std::string person;
  std::string why;
};

/// The plan of a certificate run for everyone in the ledger (nothing signed, nothing written):
/// who gets which serial and revision and which file, who is skipped and why, which files
/// exist already.
struct BulkPlan {
  std::vector<std::string> people;       ///< who is issued, in order
  std::vector<PlannedCertificate> plan;  ///< one for each of `people` (unsigned)
  std::vector<std::string> files;        ///< one for each of `plan`
  std::vector<std::string> existing;     ///< of `files`, those that exist already (once each)
  std::vector<Skipped> skipped;
  std::vector<std::string> undrawable;  ///< the refusal lines of those whose name cannot be printed
  std::int64_t unprintable = 0;         ///< people skipped for that
  std::size_t duplicates = 0;           ///< of `plan`, re-issues (revision > 1)
};

/// Plans the certificates of everyone in the ledger for `period`; each file is
/// `file_for(planned)`, or `combined` when that is given.
BulkPlan plan_all(const CertificateJob& job, core::Period period,
                  const std::function<std::string(const PlannedCertificate&)>& file_for,
                  const std::string& combined);

/// The register's figures as JSON text (how a re-issue is recognised as a duplicate).
std::string figures_json(const Fields& figures);

/// Where each certificate's file goes (ignored with a combined file).
using FileFor = std::function<std::string(const PlannedCertificate&)>;
/// Called after each file is rendered: (done, total).
using OnProgress = std::function<void(std::size_t, std::size_t)>;
/// Called inside the write lock with the certificates about to be written (signed, serials
/// final); what it throws rolls the run back before anything is written.
using OnPlanned = std::function<void(const std::vector<PlannedCertificate>&)>;

/// plan_all for the people in `people` only, in that order (each once); NotFound for one the
/// ledger does not have.
BulkPlan plan_people(const CertificateJob& job, core::Period period,
                     const std::vector<std::string>& people, const FileFor& file_for,
                     const std::string& combined);

/// What a plan issues, as a digest: who, which serial and revision, which period, name and
/// figures (not signatures or files). Two plans with the same digest issue the same
/// certificates; the web server's confirm step compares the plan shown with the one it issues.
std::string plan_digest(const std::vector<PlannedCertificate>& plan);

/// A certificate run as the web server opens one: the rule set's default template from
/// `templates_dirs`, signed in the template's issuer's name, no file replaced.
CertificateJob open_certificate_job(const rules::RuleSet& rs, store::Ledger& ledger,
                                    const std::vector<std::string>& templates_dirs,
                                    core::Date as_of);

/// Issues the certificates of `people` (planned again inside the write lock, so serials are
/// final): renders and stages every file (one `combined` PDF when given), registers them in one
/// transaction signed with the key at `key_path`, and only after the commit moves the files
/// into place. Returns what was written (empty when nobody's content allows a certificate).
/// Should moving the files fail after the commit, the error says so and they stay staged for
/// the next run (place_left_behind). `check`, when given, sees the final plan before anything
/// is rendered and may refuse it by throwing.
std::vector<PlannedCertificate> issue_certificates(CertificateJob& job, const std::string& key_path,
                                                   const std::vector<std::string>& people,
                                                   core::Period period, const FileFor& file_for,
                                                   const std::string& combined,
                                                   const OnProgress& progress = {},
                                                   const OnPlanned& check = {});

/// Run before a certificate run looks at the files in `folder`: places the files of
/// certificates a killed run registered but did not move into place (they are in its staging
/// folder there) and removes anything else a killed run left. Returns the files placed.
std::vector<std::string> place_left_behind(CertificateJob& job, const std::string& folder);

/// A revoked certificate of the same person, rule set, period and figures as `issued` under
/// another serial (a re-issue after a revoke may be a mistake); nullopt when there is none.
std::optional<store::CertificateRecord> revoked_with_same_figures(const CertificateJob& job,
                                                                  const PlannedCertificate& issued);

}  // namespace balint::service
