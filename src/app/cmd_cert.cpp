// certificate (one person, revoke): options in, results out; the work is service/issuing's.
// --all is cmd_cert_all.cpp's, keys cmd_keys.cpp's, verify cmd_verify.cpp's.
#include <unistd.h>

#include <fmt/core.h>

#include <ostream>

#include "balint/report/placeholders.hpp"
#include "balint/core/error.hpp"
#include "balint/core/path.hpp"
#include "balint/core/text.hpp"
#include "balint/io/files.hpp"
#include "balint/pdf/template.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/service/issuing.hpp"
#include "balint/store/certificates.hpp"
#include "cmd_cert.hpp"
#include "cmd_rules.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

// Bulk runs at least this long show progress on a terminal.
constexpr std::size_t kProgressFrom = 20;

// ---------------------------------------------------------------------------------------------
// Issuing (service/issuing does the work; here options in, the plan and results out)

using service::CertificateContent;
using service::CertificateJob;
using service::PlannedCertificate;

/// Progress on stderr, only when it is a terminal and the batch is long.
class Progress {
 public:
  Progress(std::ostream& err, std::size_t total)
      : err_(err), total_(total), on_(total >= kProgressFrom && ::isatty(STDERR_FILENO)) {}
  void step(std::size_t done) {
    if (on_) err_ << fmt::format("\rwriting certificates: {}/{}", done, total_) << std::flush;
  }
  ~Progress() {
    if (on_) err_ << '\n';
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  std::ostream& err_;
  std::size_t total_;
  bool on_;
};

}  // namespace

// Issues through the service, showing progress on a terminal.
std::vector<PlannedCertificate> issue(const Context& ctx, CertificateJob& job,
                                      const po::variables_map& vm,
                                      const std::vector<std::string>& people, core::Period period,
                                      const service::FileFor& file_for,
                                      const std::string& combined) {
  std::optional<Progress> progress;
  return service::issue_certificates(job, secret_key_path(ctx, vm), people, period, file_for,
                                     combined, [&](std::size_t done, std::size_t total) {
                                       if (!progress) progress.emplace(ctx.err, total);
                                       progress->step(done);
                                     });
}

// Places what a killed run left staged in `folder`, saying so on stderr.
void place_left_behind(const Context& ctx, CertificateJob& job, const std::string& folder) {
  for (const auto& f : service::place_left_behind(job, folder))
    ctx.err << core::printable(fmt::format("placed {}: registered by a run that was interrupted "
                                           "before it moved the file into place",
                                           f))
            << '\n';
}

CertificateJob open_job(Context& ctx, const po::variables_map& vm, const rules::Catalogue& cat) {
  std::string id = opt_str(vm, "rules");
  if (id.empty()) throw core::UsageError("--rules ID is required");
  const rules::RuleSet& rs = cat.by_id(id);
  if (rs.kind == "accreditation" && (vm.count("from") || vm.count("to") || vm.count("period") ||
                                     vm.count("begin") || vm.count("end")))
    throw core::UsageError(fmt::format(
        "{} is an accreditation rule set: its certificate has no period; drop --from/--to/-p",
        rs.id));
  std::string name = opt_str(vm, "template");
  if (name.empty()) name = service::default_certificate_template(rs.kind);
  auto tmpl = pdf::load_template(pdf::find_template(ctx.templates(), name),
                                 report::certificate_placeholders());
  auto& ledger = ctx.ledger();
  store::CertificateRegister reg(ledger);
  domain::AccreditationIndex index(ledger.accreditations());
  std::string issuer = text_arg(opt_str(vm, "issuer"), "--issuer");
  service::CertificateSigner signer{issuer.empty() ? tmpl.certificate.issuer : issuer,
                                    text_arg(opt_str(vm, "signatory"), "--signatory"),
                                    text_arg(opt_str(vm, "signatory-role"), "--signatory-role")};
  return CertificateJob{rs,
                        ledger,
                        std::move(reg),
                        std::move(index),
                        std::move(tmpl),
                        ctx.as_of,
                        vm["force"].as<bool>(),
                        std::move(signer)};
}

namespace {

void refuse_existing(const std::string& path, bool force) { io::check_output(path, force); }

int issue_one(Context& ctx, const po::variables_map& vm, const std::string& person) {
  std::string out = opt_str(vm, "out");
  if (out.empty()) throw core::UsageError("--out FILE.pdf is required");
  if (vm.count("out-dir") || vm.count("combined") || vm["yes"].as<bool>())
    throw core::UsageError("--out-dir, --combined and --yes go with --all");
  auto period = period_from(vm, ctx.as_of);
  refuse_existing(out, vm["force"].as<bool>());
  const auto& cat = ctx.catalogue();
  CertificateJob job = open_job(ctx, vm, cat);
  place_left_behind(ctx, job, core::folder_of(out));
  refuse_existing(out, vm["force"].as<bool>());  // again: a placed file may be there now
  require_person(job.ledger, person, "certificate");
  // Checked before anything is signed: a refusal writes nothing.
  CertificateContent c = service::certificate_content(job, person, period);
  if (!c.refusal.empty())
    throw core::Error(c.undrawable ? core::Exit::data : core::Exit::negative, c.refusal);
  auto written = issue(
      ctx, job, vm, {person}, period, [&](const PlannedCertificate&) { return out; }, "");
  if (written.empty()) throw core::InternalError("the certificate was not written");
  const PlannedCertificate& is = written.front();
  std::string note;
  if (is.slot.previous)
    note = is.slot.previous->figures == service::figures_json(is.content.figures)
               ? fmt::format(", a duplicate of revision {}", is.slot.previous->revision)
               : fmt::format(", replacing revision {} (the figures changed)",
                             is.slot.previous->revision);
  ctx.committed(fmt::format("certificate {} revision {} issued to {}", is.slot.serial,
                            is.slot.revision, out));
  ctx.say(fmt::format("issued {} revision {} for {}{}: {}", is.slot.serial, is.slot.revision,
                      person, note, out));
  // The same figures were certified before and withdrawn: the new serial may be a mistake.
  if (auto r = service::revoked_with_same_figures(job, is))
    ctx.err << core::printable(fmt::format(
                   "balint: warning: {} revision {} certified the same figures and was revoked "
                   "on {}: {}",
                   r->serial, r->revision, r->revoked_on->iso(), r->revoke_reason))
            << '\n';
  ctx.say(fmt::format("{}; verification code {}", is.content.summary, is.signed_cert.code));
  return 0;
}

int cmd_revoke(Context& ctx, const po::variables_map& vm) {
  std::string serial = opt_str(vm, "serial");
  if (serial.empty()) throw core::UsageError("certificate revoke needs a SERIAL");
  std::string reason = text_arg(opt_str(vm, "reason"), "--reason");
  if (reason.empty()) throw core::UsageError("--reason TEXT is required");
  auto& ledger = ctx.ledger();
  store::CertificateRegister reg(ledger);
  reg.transaction([&] { reg.revoke(serial, reason, ctx.as_of); });
  ctx.committed(fmt::format("certificate {} revoked", serial));
  auto revs = reg.revisions(serial);
  ctx.say(fmt::format("{} revoked ({}): {}", serial,
                      core::plural(revs.size(), "revision", "revisions"), reason));
  return 0;
}

int cmd_certificate(Context& ctx, const po::variables_map& vm) {
  std::string person = opt_str(vm, "person");
  if (person == "revoke") return cmd_revoke(ctx, vm);
  if (vm.count("serial")) throw core::UsageError("certificate: too many arguments");
  if (vm.count("reason")) throw core::UsageError("--reason goes with 'certificate revoke'");
  if (vm["all"].as<bool>()) {
    if (!person.empty()) throw core::UsageError("give a PERSON or --all, not both");
    return cmd_certificate_all(ctx, vm);
  }
  if (person.empty()) throw core::UsageError("certificate needs a PERSON (or --all)");
  return issue_one(ctx, vm, person);
}

}  // namespace

void add_certificate_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"certificate", "issue CPD or accreditation certificates (PDF); revoke one",
               "certificate PERSON --rules ID [--from D --to D | -p PERIOD] --out FILE.pdf "
               "[--template NAME] [--force]\n"
               "       balint certificate --all --rules ID [--from D --to D | -p PERIOD] "
               "(--out-dir DIR | --combined FILE.pdf) [--yes] [--force]\n"
               "       balint certificate revoke SERIAL --reason TEXT",
               "A cpd rule set gives a CPD certificate for the period (to the issue date, --as-of, "
               "at the latest; from the first entry when --from is not given): hours and credits "
               "by activity after caps, and what a cap removed. An accreditation rule set gives "
               "an accreditation certificate, refused (exit 1, listing what is unmet) unless the "
               "person is eligible or already accredited in that family. Each certificate gets a "
               "serial (CPD-YEAR-NNNNNN, ACC-YEAR-NNNNNN), is signed with the issuer key "
               "('balint keys init') and recorded in the ledger's register; issuing again for "
               "the same person, rule set and period keeps the serial with the next revision, "
               "marked duplicate. --all shows the plan and writes only with --yes. 'certificate "
               "revoke' withdraws every revision of a serial.",
               {"balint certificate zoe --rules cpd-uk -p 2025 --out zoe-2025.pdf",
                "balint certificate --all --rules cpd-uk -p 2025 --out-dir certs --yes",
                "balint certificate revoke CPD-2026-000012 --reason 'hours logged twice'"},
               [](po::options_description& d, po::positional_options_description& p) {
                 d.add_options()
                     ("person", po::value<std::string>()->value_name("PERSON"), "who it is for")
                     ("serial", po::value<std::string>()->value_name("SERIAL"),
                      "revoke: the certificate's serial")
                     ("rules", po::value<std::string>()->value_name("ID"), "the rule set")
                     ("out", po::value<std::string>()->value_name("FILE"), "the PDF to write")
                     ("template", po::value<std::string>()->value_name("NAME"),
                      "the template (default certificate-cpd or certificate-accreditation)")
                     ("force", po::bool_switch(),
                      "replace existing files (never one that is not a regular file)")
                     ("all", po::bool_switch(), "everyone the rule set gives a certificate")
                     ("out-dir", po::value<std::string>()->value_name("DIR"),
                      "--all: one file per person, SERIAL-PERSON.pdf")
                     ("combined", po::value<std::string>()->value_name("FILE"),
                      "--all: one PDF with every certificate")
                     ("yes", po::bool_switch(), "--all: write (without it only the plan is shown)")
                     ("issuer", po::value<std::string>()->value_name("TEXT"),
                      "the issuing society printed on the certificate (default: the template's "
                      "[certificate] issuer; also a setting)")
                     ("signatory", po::value<std::string>()->value_name("NAME"),
                      "who signs, printed under the signature line (also a setting)")
                     ("signatory-role", po::value<std::string>()->value_name("TEXT"),
                      "the signatory's office, e.g. 'Secretary, UK Balint Society'")
                     ("reason", po::value<std::string>()->value_name("TEXT"), "revoke: why")
                     ("key-file", po::value<std::string>()->value_name("FILE"),
                      "the private key (default: the ledger's path + .key)");
                 add_period_options(d);
                 p.add("person", 1).add("serial", 1);
               },
               cmd_certificate, Need::ledger_write | Need::catalogue | Need::templates, Formats::none, {}, {"issuer", "signatory", "signatory-role"}});
  // clang-format on
  add_key_commands(t);
  add_verify_command(t);
}

}  // namespace balint::app
