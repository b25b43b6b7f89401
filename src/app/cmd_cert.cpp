// certificate (one person, --all, revoke), keys init|export, verify.
#include <unistd.h>

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "balint/cert/files.hpp"
#include "balint/cert/keys.hpp"
#include "balint/cert/payload.hpp"
#include "balint/cert/verify.hpp"
#include "balint/service/verify.hpp"
#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "balint/render/table.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/store/certificates.hpp"
#include "cmd_rules.hpp"
#include "command.hpp"
#include "balint/eval/credit_summary.hpp"

namespace balint::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Strings = std::map<std::string, std::string>;

// Bulk runs at least this long show progress on a terminal.
constexpr std::size_t kProgressFrom = 20;
// Keywords are kept under 64 kB (PDF readers' limit for a string); a combined PDF whose tokens do
// not fit says so in its Keywords and is verified through the register, by the file's SHA-256.
constexpr std::size_t kMaxKeywords = 60'000;

// ---------------------------------------------------------------------------------------------
// Keys

std::string secret_key_path(const Context& ctx, const po::variables_map& vm) {
  std::string p = opt_str(vm, "key-file");
  return p.empty() ? ctx.db_path + ".key" : p;
}

std::string public_key_path(const Context& ctx) { return ctx.db_path + ".pub"; }

struct SigningKey {
  cert::SecretKey secret;
  std::int64_t id = 0;  // its issuer_key row
};

// The private key, checked against the public keys the ledger records.
SigningKey load_signing_key(const std::string& path, const store::CertificateRegister& reg) {
  if (!cert::file_exists(path))
    throw core::NoInputError(
        fmt::format("{}: no private key; create one with 'balint keys init'", path));
  auto key = cert::parse_secret_key(cert::read_file(path, core::kKeyInput));
  if (!key) throw core::DataError(fmt::format("{}: not a balint private key", path));
  // Only the current key signs; earlier ones (replaced with keys init --force) only verify.
  std::string pub = cert::public_key_text(key->public_key());
  auto keys = reg.issuer_keys();
  if (!keys.empty() && keys.back().public_key == pub) return {*key, keys.back().id};
  bool earlier = std::any_of(keys.begin(), keys.end(),
                             [&](const store::IssuerKey& k) { return k.public_key == pub; });
  throw core::DataError(fmt::format(
      "{}: {}; give the current key with --key-file, or run 'balint keys init'", path,
      earlier ? "this private key was replaced by a newer one ('balint keys init --force')"
              : "this private key is not this ledger's issuer key"));
}

// Every public key the ledger has signed with, oldest first, one a line, each tagged with its
// id and the dates it signed from (and, for a retired one, to):
//   balint-ed25519:<base64> id=<key_id> from=YYYY-MM-DD [to=YYYY-MM-DD]
// `verify --key FILE` reads this (and a bare key line, as written before issue 14).
std::string public_keys_text(const std::vector<store::IssuerKey>& keys) {
  std::string text;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto pk = cert::parse_public_key(keys[i].public_key);
    if (!pk) throw core::InternalError("a malformed issuer key in the ledger");
    text += fmt::format("{} id={} from={}", keys[i].public_key, cert::key_id(*pk),
                        keys[i].created_on.iso());
    if (i + 1 < keys.size()) text += " to=" + keys[i + 1].created_on.iso();
    text += '\n';
  }
  return text;
}

int cmd_keys_init(Context& ctx, const po::variables_map& vm) {
  std::string key_path = secret_key_path(ctx, vm);
  bool force = vm["force"].as<bool>();
  if (cert::file_exists(key_path) && !force)
    throw core::WriteError(fmt::format(
        "{}: a private key exists already; add --force to replace it (certificates signed "
        "with the old key stay verifiable with this ledger)",
        key_path));
  auto ledger = ctx.open_write();
  store::CertificateRegister reg(ledger);
  auto kp = cert::generate_key_pair();
  std::string pub = cert::public_key_text(kp.public_key);
  cert::StagedFile secret(key_path, cert::secret_key_text(kp.secret_key), 0600);
  try {
    reg.transaction([&] {
      reg.add_issuer_key(pub, ctx.as_of);
      secret.publish(force);
    });
  } catch (...) {
    secret.withdraw();
    throw;
  }
  // Public, but nobody else may change it, whatever the umask.
  cert::write_file(public_key_path(ctx), public_keys_text(reg.issuer_keys()), cert::kCertificateMode,
                   true);
  ctx.say(fmt::format("created an Ed25519 key pair for {}", ctx.db_path));
  ctx.say(fmt::format("private key: {} (mode 0600; keep it secret and backed up)", key_path));
  ctx.say(fmt::format("public key:  {} and in the ledger; 'balint keys export' prints it",
                      public_key_path(ctx)));
  return 0;
}

int cmd_keys_export(Context& ctx, const po::variables_map& vm) {
  auto ledger = ctx.open_read();
  store::CertificateRegister reg(ledger);
  auto keys = reg.issuer_keys();
  if (keys.empty())
    throw core::NoInputError(fmt::format(
        "{}: this ledger has no issuer key; create one with 'balint keys init'", ctx.db_path));
  (void)vm;  // --all is what it does anyway (kept for scripts written before issue 14)
  ctx.out << public_keys_text(keys);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// What a certificate says

std::string activity_title(domain::Activity a) {
  switch (a) {
    case domain::Activity::group:
      return "Balint group sessions";
    case domain::Activity::leadership_training:
      return "Leadership training";
    case domain::Activity::supervision:
      return "Supervision";
    case domain::Activity::peer_supervision:
      return "Leaders' peer supervision";
    case domain::Activity::other_cpd:
      return "Other CPD";
  }
  return "";
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string period_text(const std::optional<core::Date>& from, const std::optional<core::Date>& to) {
  if (!from || !to) return "";
  return fmt::format("{} to {}", from->iso(), to->iso());
}

// Every placeholder a certificate fills, for both kinds; those of the other kind are empty,
// so any template may use any of them.
const std::vector<std::string> kPlaceholders = {
    "name", "person_id", "registration", "issuer", "title", "body", "ruleset", "edition", "issued",
    "serial", "revision", "code", "verify_payload", "verify_url", "verify", "duplicate",
    "signatory", "signatory_role",
    // cpd
    "from", "to", "period", "activities", "sessions", "hours", "credits", "caps",
    // accreditation
    "status", "family"};

std::set<std::string> placeholder_names() { return {kPlaceholders.begin(), kPlaceholders.end()}; }

Strings blank_fields() {
  Strings f;
  for (const auto& n : kPlaceholders) f[n] = "";
  return f;
}

/// One certificate's content before it has a serial; or why it cannot be issued.
struct Content {
  domain::Person person;
  std::string kind;  // "cpd" or "accreditation"
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  // Figures for the register; those without a '.' in their key (the totals) are signed too,
  // the breakdown by activity ("group.hours") only in the register, to keep the QR code small.
  Strings figures;
  Strings fields;    // template placeholders that do not depend on the serial
  std::string summary;  // one line: "19.50 hours, 18.00 credits"
  std::vector<std::string> refusal;  // non-empty: not issued, and why
  std::string skip;                  // with refusal: a few words for the --all plan
  bool undrawable = false;           // refused because the template's fonts cannot print it
  std::string registration = {};     // the attribute the template names, signed when present
};

// Refuses a certificate whose person-specific text (the name, the registration line) has a
// character no installed font can draw: the person's id, the character, its code point and
// the Debian package that has a font for it.
void check_drawable(Content& c, const pdf::Template& t) {
  if (!c.refusal.empty()) return;
  for (const char* field : {"name", "registration"}) {
    const std::string& text = c.fields[field];
    for (char32_t cp : pdf::undrawable(t, text)) {
      c.refusal.push_back(fmt::format("{}: {} in the {} \"{}\"", c.person.id,
                                      pdf::undrawable_reason(cp),
                                      std::string_view(field) == "name" ? "name" : "registration",
                                      text));
      if (c.skip.empty()) c.skip = fmt::format("{} in the {}", pdf::undrawable_reason(cp), field);
      c.undrawable = true;
    }
  }
}

std::string caps_text(const rules::RuleSet& rs, const eval::CreditSummary& s) {
  if (s.caps.empty()) {
    bool any_cap = std::any_of(rs.credits.begin(), rs.credits.end(), [](const auto& r) {
      return r.cap_per_day || r.cap_per_year;
    });
    return any_cap ? "No cap reduced these credits." : "";
  }
  std::vector<std::string> parts;
  for (const auto& c : s.caps) {
    bool day = c.cap == "day";
    std::string where = c.periods.size() == 1
                            ? fmt::format("{} {}", day ? "on" : "in", c.periods.front())
                            : fmt::format("{} {} {}", day ? "on" : "in", c.periods.size(),
                                          day ? "days" : "years");
    parts.push_back(fmt::format("the cap of {} credits a {} removed {} credits {}",
                                c.limit.short_str(), c.cap, c.removed.str(), where));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ".";
}

Content cpd_content(const rules::RuleSet& rs, const domain::PersonHistory& h,
                    const domain::AccreditationIndex& index, core::Period period, core::Date as_of) {
  Content c{h.person, "cpd", period.from, period.to, {}, blank_fields(), "", {}, ""};
  if (!c.to || *c.to > as_of) c.to = as_of;
  if (!c.from) {
    // From the first entry that counts; the issue date when there is none.
    c.from = as_of;
    for (const auto& e : h.entries)
      if (!e.voided && e.date <= *c.to) {
        c.from = std::min(*c.from, e.date);
      }
  }
  if (*c.from > *c.to)
    throw core::UsageError(fmt::format("the period starts {}, after the issue date {} (--as-of)",
                                       c.from->iso(), c.to->iso()));
  auto s = eval::credit_summary(rs, h, index, core::Period{c.from, c.to}, as_of);
  if (s.sessions == 0) {
    c.refusal.push_back(fmt::format("{} has no entries from {} to {}", h.person.id,
                                    c.from->iso(), c.to->iso()));
    c.skip = "no entries in the period";
    return c;
  }
  c.figures["sessions"] = std::to_string(s.sessions);
  c.figures["hours"] = core::hours_str(s.minutes);
  c.figures["credits"] = s.credits.str();
  c.figures["credits_removed"] = s.removed.str();
  if (s.uncredited_minutes > 0) c.figures["uncredited_hours"] = core::hours_str(s.uncredited_minutes);
  std::string lines;
  for (const auto& a : s.activities) {
    std::string key(domain::to_string(a.activity));
    c.figures[key + ".sessions"] = std::to_string(a.sessions);
    c.figures[key + ".hours"] = core::hours_str(a.minutes);
    c.figures[key + ".credits"] = a.credits.str();
    lines += fmt::format("{}{}: {}, {} hours, {} credits", lines.empty() ? "" : "\n",
                         activity_title(a.activity), plural(a.sessions, "session", "sessions"),
                         core::hours_str(a.minutes), a.credits.str());
    if (a.removed.v > 0) lines += fmt::format(" ({} removed by caps)", a.removed.str());
    if (a.uncredited_minutes == a.minutes)
      lines += " (no credit rate applies)";
    else if (a.uncredited_minutes > 0)
      lines += fmt::format(" ({} hours without a credit rate)", core::hours_str(a.uncredited_minutes));
  }
  c.fields["from"] = c.from->iso();
  c.fields["to"] = c.to->iso();
  c.fields["period"] = period_text(c.from, c.to);
  c.fields["activities"] = lines;
  c.fields["sessions"] = std::to_string(s.sessions);
  c.fields["hours"] = core::hours_str(s.minutes);
  c.fields["credits"] = s.credits.str();
  c.fields["caps"] = caps_text(rs, s);
  c.summary = fmt::format("{} hours, {} credits", core::hours_str(s.minutes), s.credits.str());
  return c;
}

std::string unmet_line(const eval::RequirementResult& r) {
  std::string line = fmt::format("  {}: {}", r.id, r.title);
  if (!r.measure.empty() && r.at_least)
    line += fmt::format(" ({} of at least {} {}; {} still needed)", r.value.short_str(),
                        r.at_least->short_str(), r.measure, r.remaining.short_str());
  else if (!r.detail.empty())
    line += " (" + r.detail + ")";
  else if (r.kind == rules::Kind::any_of)
    line += " (none of its alternatives is met)";
  else if (r.kind == rules::Kind::all_of)
    line += " (not every part is met)";
  return line;
}

Content accreditation_content(const rules::RuleSet& rs, const domain::PersonHistory& h,
                              const domain::AccreditationIndex& index, core::Date as_of) {
  Content c{h.person, "accreditation", std::nullopt, std::nullopt, {}, blank_fields(), "", {}, ""};
  std::optional<core::Date> since;
  for (const auto& a : h.accreditations)
    if (a.family == rs.family && a.on <= as_of && (!since || a.on < *since)) since = a.on;
  c.figures["family"] = rs.family;
  if (since) {
    c.figures["status"] = "accredited";
    c.figures["accredited_on"] = since->iso();
    c.fields["status"] = fmt::format("Accredited since {}", since->iso());
    c.summary = fmt::format("accredited in {} since {}", rs.family, since->iso());
  } else {
    auto ev = eval::evaluate(rs, h, index, as_of);
    if (!ev.eligible) {
      c.refusal.push_back(fmt::format(
          "{} is not eligible under {} on {} and holds no {} accreditation; not met:",
          h.person.id, rs.id, as_of.iso(), rs.family));
      for (const auto& r : ev.requirements)
        if (r.essential && !eval::counts_as_met(r.status)) c.refusal.push_back(unmet_line(r));
      c.skip = fmt::format("not eligible: {} unmet", plural(static_cast<std::int64_t>(
                                                                c.refusal.size() - 1),
                                                            "requirement", "requirements"));
      return c;
    }
    c.figures["status"] = "eligible";
    c.fields["status"] = fmt::format("Meets every essential requirement on {}", as_of.iso());
    c.summary = fmt::format("eligible in {} on {}", rs.family, as_of.iso());
  }
  c.fields["family"] = rs.family;
  return c;
}

Content make_content(const rules::RuleSet& rs, const store::Ledger& ledger,
                     const domain::AccreditationIndex& index, const pdf::Template& tmpl,
                     const std::string& person, core::Period period, core::Date as_of) {
  auto h = ledger.history(person);
  Content c = rs.kind == "cpd" ? cpd_content(rs, h, index, period, as_of)
                               : accreditation_content(rs, h, index, as_of);
  const auto& style = tmpl.certificate;
  auto reg = h.person.attrs.find(style.registration_attribute);
  std::string registration = reg == h.person.attrs.end() ? "" : reg->second;
  c.registration = registration;
  c.fields["name"] = h.person.name;
  c.fields["person_id"] = h.person.id;
  c.fields["registration"] =
      registration.empty() ? ""
      : style.registration_label.empty() ? registration
                                         : fmt::format("{}: {}", style.registration_label, registration);
  c.fields["body"] = rs.body;
  c.fields["title"] = rs.title;
  c.fields["ruleset"] = rs.id;
  c.fields["edition"] = rs.edition;
  c.fields["issued"] = as_of.iso();
  check_drawable(c, tmpl);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Issuing

/// One certificate ready to be written.
struct Issue {
  Content content;
  store::CertificateSlot slot;
  cert::Signed signed_cert;
  std::string file;  // where it goes
  Strings fields;    // every placeholder
};

std::string serial_prefix(const std::string& kind) { return kind == "cpd" ? "CPD" : "ACC"; }

std::string figures_json(const Strings& figures) {
  json j = json::object();
  for (const auto& [k, v] : figures) j[k] = v;
  return j.dump();
}

Strings signed_figures(const Strings& figures) {
  Strings out;
  for (const auto& [k, v] : figures)
    if (k.find('.') == std::string::npos) out[k] = v;
  return out;
}

// Serials, revisions and signatures for `contents`, in order.
std::vector<Issue> plan_issues(const store::CertificateRegister& reg, const rules::RuleSet& rs,
                               std::vector<Content> contents, const cert::SecretKey* key,
                               core::Date as_of) {
  std::vector<Issue> out;
  std::vector<std::string> taken;
  for (auto& c : contents) {
    Issue is;
    is.slot = reg.slot_for(serial_prefix(c.kind), as_of.year(), c.person.id, rs.id, c.from, c.to,
                           taken);
    if (is.slot.revision == 1) taken.push_back(is.slot.serial);
    cert::Payload p{c.kind,
                    is.slot.serial,
                    is.slot.revision,
                    c.person.id,
                    c.person.name,
                    c.registration,
                    rs.id,
                    rs.edition,
                    c.from,
                    c.to,
                    as_of,
                    signed_figures(c.figures)};
    if (key) is.signed_cert = cert::sign_payload(p, *key);
    else is.signed_cert.payload = p;
    is.fields = c.fields;
    is.fields["serial"] = is.slot.serial;
    is.fields["revision"] = std::to_string(is.slot.revision);
    is.fields["code"] = is.signed_cert.code;
    is.fields["verify_payload"] = is.signed_cert.token;
    is.fields["duplicate"] =
        is.slot.revision > 1 ? fmt::format("duplicate — revision {} of {}", is.slot.revision,
                                           is.slot.serial)
                             : "";
    is.fields["verify"] = is.signed_cert.code.empty()
                              ? ""
                              : fmt::format("balint verify {}", is.signed_cert.code);
    is.content = std::move(c);
    out.push_back(std::move(is));
  }
  return out;
}

std::string default_template(const std::string& kind) {
  return kind == "cpd" ? "certificate-cpd" : "certificate-accreditation";
}

pdf::Meta meta_for(const std::vector<Issue>& issues) {
  pdf::Meta m;
  const Issue& first = issues.front();
  m.date = first.fields.at("issued");
  std::string what = first.content.kind == "cpd" ? "CPD certificate" : "Accreditation certificate";
  if (issues.size() == 1) {
    m.title = fmt::format("{} {} (revision {})", what, first.slot.serial, first.slot.revision);
    m.subject = fmt::format("{} for {}", what, first.content.person.name);
  } else {
    m.title = fmt::format("{}s ({})", what, issues.size());
    m.subject = m.title;
  }
  for (const auto& is : issues) m.keywords += (m.keywords.empty() ? "" : " ") + is.signed_cert.token;
  if (m.keywords.size() > kMaxKeywords)
    m.keywords = fmt::format("balint certificates: {} (verify this file with the issuing ledger)",
                             issues.size());
  return m;
}

store::CertificateRecord record_of(const Issue& is, const rules::RuleSet& rs,
                                   const std::string& sha, std::int64_t key_id, core::Date as_of) {
  store::CertificateRecord r;
  r.serial = is.slot.serial;
  r.revision = is.slot.revision;
  r.person = is.content.person.id;
  r.kind = is.content.kind;
  r.ruleset = rs.id;
  r.edition = rs.edition;
  r.from = is.content.from;
  r.to = is.content.to;
  r.figures = figures_json(is.content.figures);
  r.sha256 = sha;
  r.signature = cert::base64url(is.signed_cert.signature);
  r.payload = is.signed_cert.token;
  r.code = is.signed_cert.code;
  r.issued = as_of;
  r.file = fs::absolute(is.file).lexically_normal().string();
  r.issuer_key = key_id;
  return r;
}

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

/// Everything one `certificate` run works with.
struct Job {
  const Context& ctx;
  const rules::RuleSet& rs;
  store::Ledger ledger;
  store::CertificateRegister reg;
  domain::AccreditationIndex index;
  pdf::Template tmpl;  // loaded before anything is written: its problems stop the run early
  bool force = false;
  Strings extra;  // placeholders from the command line (signatory)
};

std::string folder_of(const std::string& file) {
  fs::path p(file);
  return p.parent_path().empty() ? std::string(".") : p.parent_path().string();
}

// Renders and stages every file, registers them in one transaction, and only after the commit
// moves the files into place: a signed file is never in the output folder without its register
// row (issue 14, finding 7). A run killed after the commit leaves registered files staged;
// the next run in that folder places them first (place_left_behind).
void write_issues(Job& job, const std::string& key_path, const std::vector<std::string>& people,
                  core::Period period, const std::function<std::string(const Issue&)>& file_for,
                  const std::string& combined, std::vector<Issue>& written) {
  auto key = load_signing_key(key_path, job.reg);
  // One private staging folder beside the outputs; declared before the staged files, so that
  // it is removed after them.
  std::optional<cert::StagingFolder> staging;
  std::vector<cert::StagedFile> staged;
  job.reg.transaction([&] {
    // Planned again inside the write lock: serials are final here.
    std::vector<Content> contents;
    for (const auto& p : people) {
      Content c = make_content(job.rs, job.ledger, job.index, job.tmpl, p, period, job.ctx.as_of);
      if (c.refusal.empty()) contents.push_back(std::move(c));
    }
    written = plan_issues(job.reg, job.rs, std::move(contents), &key.secret, job.ctx.as_of);
    if (written.empty()) return;
    for (auto& is : written)
      for (const auto& [k, v] : job.extra) is.fields[k] = v;
    Progress progress(job.ctx.err, written.size());
    std::string out_file = combined.empty() ? file_for(written.front()) : combined;
    std::string out_folder = folder_of(out_file);
    if (!fs::is_directory(out_folder))
      throw core::WriteError(fmt::format("{}: no such folder {}", out_file, out_folder));
    staging.emplace(out_folder);
    if (!combined.empty()) {
      std::vector<pdf::Fields> pages;
      for (auto& is : written) {
        is.file = combined;
        pages.push_back(is.fields);
      }
      std::string bytes = pdf::render_pages(job.tmpl, pages, meta_for(written));
      staged.emplace_back(combined, bytes, cert::kPrivateFileMode, true,  // everyone's
                          staging->path());
      std::string sha = cert::sha256_hex(bytes);
      for (const auto& is : written) job.reg.add(record_of(is, job.rs, sha, key.id, job.ctx.as_of));
    } else {
      pdf::CertificateRenderer renderer(job.tmpl);
      for (std::size_t i = 0; i < written.size(); ++i) {
        Issue& is = written[i];
        is.file = file_for(is);
        std::string bytes = renderer.render(is.fields, meta_for({is}));
        staged.emplace_back(is.file, bytes, cert::kCertificateMode, /*sync=*/written.size() == 1,
                            staging->path());
        job.reg.add(record_of(is, job.rs, cert::sha256_hex(bytes), key.id, job.ctx.as_of));
        progress.step(i + 1);
      }
    }
    // The staged bytes durable before the rows that name them: one flush for the batch.
    if (combined.empty() && written.size() > 1) cert::sync_file_system(staged.front().path());
  });
  if (written.empty()) return;
  // Committed: the files into place. Should that fail, they stay staged for the next run.
  try {
    for (auto& f : staged) f.publish(job.force, /*sync=*/false);
    cert::sync_folder(folder_of(staged.front().path()));
  } catch (const core::Error& e) {
    for (auto& f : staged) f.keep();
    staging->keep();
    std::vector<std::string> lines = e.lines();
    lines.push_back(fmt::format(
        "the register holds the certificates; their files are kept in {} and the next "
        "certificate run in that folder moves them into place",
        staging->path()));
    throw core::Error(e.code(), lines);
  }
}

// Places the files of certificates a killed run registered but did not move into place (they
// are in its staging folder in `folder`); anything else a killed run left is removed. Said on
// stderr; run before a run looks at existing files.
void place_left_behind(Job& job, const std::string& folder) {
  if (!fs::is_directory(folder)) return;
  constexpr core::InputKind kStaged{"a staged certificate file", 4096 * core::kMiB};
  const fs::path here = (fs::absolute(folder) / "x").lexically_normal().parent_path();
  auto placed = cert::recover_staging(folder, [&](const std::string& staged) -> std::string {
    std::string sha = cert::sha256_hex(cert::read_file(staged, kStaged));
    for (const auto& r : job.reg.find_by_sha256(sha)) {
      auto latest = job.reg.latest_in_file(r.file);
      if (latest && latest->sha256 == sha && fs::path(r.file).parent_path() == here)
        return r.file;
    }
    return "";
  });
  for (const auto& f : placed)
    job.ctx.err << fmt::format("placed {}: registered by a run that was interrupted before it "
                               "moved the file into place\n",
                               f);
}

Job open_job(const Context& ctx, const po::variables_map& vm, const rules::Catalogue& cat) {
  std::string id = opt_str(vm, "rules");
  if (id.empty()) throw core::UsageError("--rules ID is required");
  const rules::RuleSet& rs = cat.by_id(id);
  if (rs.kind == "accreditation" &&
      (vm.count("from") || vm.count("to") || vm.count("period") || vm.count("begin") ||
       vm.count("end")))
    throw core::UsageError(fmt::format(
        "{} is an accreditation rule set: its certificate has no period; drop --from/--to/-p",
        rs.id));
  std::string name = opt_str(vm, "template");
  if (name.empty()) name = default_template(rs.kind);
  auto tmpl = pdf::load_template(pdf::find_template(ctx.templates_dirs, name), placeholder_names());
  auto ledger = ctx.open_write();
  store::CertificateRegister reg(ledger);
  domain::AccreditationIndex index(ledger.accreditations());
  std::string issuer = text_arg(opt_str(vm, "issuer"), "--issuer");
  Strings extra{{"issuer", issuer.empty() ? tmpl.certificate.issuer : issuer},
                {"signatory", text_arg(opt_str(vm, "signatory"), "--signatory")},
                {"signatory_role", text_arg(opt_str(vm, "signatory-role"), "--signatory-role")}};
  return Job{ctx, rs, std::move(ledger), std::move(reg), std::move(index), std::move(tmpl),
             vm["force"].as<bool>(), std::move(extra)};
}

void refuse_existing(const std::string& path, bool force) { cert::check_output(path, force); }

int issue_one(const Context& ctx, const po::variables_map& vm, const std::string& person) {
  std::string out = opt_str(vm, "out");
  if (out.empty()) throw core::UsageError("--out FILE.pdf is required");
  if (vm.count("out-dir") || vm.count("combined") || vm["yes"].as<bool>())
    throw core::UsageError("--out-dir, --combined and --yes go with --all");
  auto period = period_from(vm, ctx.as_of);
  refuse_existing(out, vm["force"].as<bool>());
  auto cat = load_catalogue(ctx);
  Job job = open_job(ctx, vm, cat);
  place_left_behind(job, folder_of(out));
  refuse_existing(out, vm["force"].as<bool>());  // again: a placed file may be there now
  require_person(job.ledger, person, "certificate");
  // Checked before anything is signed: a refusal writes nothing.
  Content c = make_content(job.rs, job.ledger, job.index, job.tmpl, person, period, ctx.as_of);
  if (!c.refusal.empty())
    throw core::Error(c.undrawable ? core::Exit::data : core::Exit::negative, c.refusal);
  std::vector<Issue> written;
  write_issues(job, secret_key_path(ctx, vm), {person}, period,
               [&](const Issue&) { return out; }, "", written);
  if (written.empty()) throw core::InternalError("the certificate was not written");
  const Issue& is = written.front();
  std::string note;
  if (is.slot.previous)
    note = is.slot.previous->figures == figures_json(is.content.figures)
               ? fmt::format(", a duplicate of revision {}", is.slot.previous->revision)
               : fmt::format(", replacing revision {} (the figures changed)",
                             is.slot.previous->revision);
  ctx.committed(fmt::format("certificate {} revision {} issued to {}", is.slot.serial,
                            is.slot.revision, out));
  ctx.say(fmt::format("issued {} revision {} for {}{}: {}", is.slot.serial, is.slot.revision,
                      person, note, out));
  // The same figures were certified before and withdrawn: the new serial may be a mistake.
  for (const auto& r : job.reg.all())
    if (r.revoked_on && r.person == person && r.ruleset == is.signed_cert.payload.ruleset &&
        r.from == is.signed_cert.payload.from && r.to == is.signed_cert.payload.to &&
        r.figures == figures_json(is.content.figures) && r.serial != is.slot.serial) {
      ctx.err << core::printable(fmt::format(
                     "balint: warning: {} revision {} certified the same figures and was revoked "
                     "on {}: {}",
                     r.serial, r.revision, r.revoked_on->iso(), r.revoke_reason))
              << '\n';
      break;
    }
  ctx.say(fmt::format("{}; verification code {}", is.content.summary, is.signed_cert.code));
  return 0;
}

// The --all plan: who gets which serial and revision, who is skipped, which files exist.
void print_plan(std::ostream& out, const Job& job, const std::vector<Issue>& plan,
                const std::vector<std::string>& skipped, const std::vector<std::string>& files,
                const std::vector<std::string>& existing, bool force) {
  render::Table t{{"person", "name", "serial", "revision", "figures", "file"},
                  {false, false, false, true, false, false},
                  {}};
  std::size_t duplicates = 0;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const Issue& is = plan[i];
    if (is.slot.revision > 1) ++duplicates;
    t.rows.push_back({is.content.person.id, is.content.person.name, is.slot.serial,
                      std::to_string(is.slot.revision), is.content.summary, files[i]});
  }
  out << fmt::format("plan: {} under {} ({}), issued {}\n",
                     plural(static_cast<std::int64_t>(plan.size()), "certificate", "certificates"),
                     job.rs.id, job.rs.edition, job.ctx.as_of.iso());
  t.wrap = 4;  // figures, and the name if need be; the file's path is not broken
  t.also_wrap = {1};
  if (!plan.empty()) render::write_text(out, t, job.ctx.width);
  out << fmt::format("{} new, {} re-issued as duplicates; {} skipped\n", plan.size() - duplicates,
                     duplicates, skipped.size());
  for (const auto& s : skipped) out << "skipped: " << s << '\n';
  for (const auto& f : existing)
    out << "exists already: " << f << (force ? " (--force replaces it)" : "") << '\n';
}

int issue_all(const Context& ctx, const po::variables_map& vm) {
  std::string dir = opt_str(vm, "out-dir");
  std::string combined = opt_str(vm, "combined");
  if (dir.empty() == combined.empty())
    throw core::UsageError("--all needs one of --out-dir DIR or --combined FILE.pdf");
  if (vm.count("out"))
    throw core::UsageError("--out goes with one person; use --out-dir or --combined");
  bool yes = vm["yes"].as<bool>();
  bool force = vm["force"].as<bool>();
  auto period = period_from(vm, ctx.as_of);
  auto cat = load_catalogue(ctx);
  Job job = open_job(ctx, vm, cat);
  place_left_behind(job, dir.empty() ? folder_of(combined) : dir);

  std::vector<std::string> people;
  std::vector<std::string> skipped;
  std::vector<std::string> undrawable;  // why, one line per character, for the final error
  std::int64_t unprintable = 0;           // people skipped for that
  std::vector<Content> contents;
  for (const auto& id : job.ledger.person_ids()) {
    Content c = make_content(job.rs, job.ledger, job.index, job.tmpl, id, period, ctx.as_of);
    if (!c.refusal.empty()) {
      skipped.push_back(fmt::format("{} ({})", id, c.skip));
      if (c.undrawable) {
        ++unprintable;
        undrawable.insert(undrawable.end(), c.refusal.begin(), c.refusal.end());
      }
      continue;
    }
    people.push_back(id);
    contents.push_back(std::move(c));
  }
  auto file_for = [&](const Issue& is) {
    return (fs::path(dir) / fmt::format("{}-{}.pdf", is.slot.serial, is.content.person.id)).string();
  };
  auto plan = plan_issues(job.reg, job.rs, std::move(contents), nullptr, ctx.as_of);
  std::vector<std::string> files;
  std::vector<std::string> existing;
  for (const auto& is : plan) files.push_back(combined.empty() ? file_for(is) : combined);
  for (const auto& f : files)
    if (cert::file_exists(f) && std::find(existing.begin(), existing.end(), f) == existing.end())
      existing.push_back(f);
  // With --yes and --quiet only errors are printed; without --yes the plan is the answer.
  if (!yes || !ctx.quiet) print_plan(ctx.out, job, plan, skipped, files, existing, force);
  if (!yes) {
    ctx.out << "nothing written; add --yes\n";
    return 0;
  }
  // Everyone else is issued; then the run fails (65) naming whom it could not print.
  auto finish = [&] {
    if (undrawable.empty()) return 0;
    std::vector<std::string> lines{fmt::format(
        "skipped {} whose name cannot be printed with the installed fonts (the others were "
        "issued):",
        plural(unprintable, "person", "people"))};
    lines.insert(lines.end(), undrawable.begin(), undrawable.end());
    throw core::Error(core::Exit::data, lines);
  };
  if (plan.empty()) {
    ctx.say("nothing to write");
    return finish();
  }
  // Never a device, FIFO, link ... (even with --force); said first, so that the message does
  // not suggest a --force that would be refused too.
  for (const auto& f : existing) cert::check_output(f, true);
  if (!existing.empty() && !force)
    throw core::WriteError(fmt::format("{}: exists already; add --force to replace {}",
                                       existing.front(), existing.size() == 1 ? "it" : "such files"));
  if (!dir.empty()) {
    cert::check_output_folder(dir);
    cert::make_private_folder(dir);
  }
  std::vector<Issue> written;
  write_issues(job, secret_key_path(ctx, vm), people, period, file_for, combined, written);
  if (!written.empty())
    ctx.committed(fmt::format("{} issued ({} .. {}) to {}",
                              plural(static_cast<std::int64_t>(written.size()), "certificate",
                                     "certificates"),
                              written.front().slot.serial, written.back().slot.serial,
                              combined.empty() ? dir : combined));
  ctx.say(fmt::format("wrote {} to {}",
                      plural(static_cast<std::int64_t>(written.size()), "certificate", "certificates"),
                      combined.empty() ? dir : combined));
  return finish();
}

int cmd_revoke(Context& ctx, const po::variables_map& vm) {
  std::string serial = opt_str(vm, "serial");
  if (serial.empty()) throw core::UsageError("certificate revoke needs a SERIAL");
  std::string reason = text_arg(opt_str(vm, "reason"), "--reason");
  if (reason.empty()) throw core::UsageError("--reason TEXT is required");
  auto ledger = ctx.open_write();
  store::CertificateRegister reg(ledger);
  reg.transaction([&] { reg.revoke(serial, reason, ctx.as_of); });
  ctx.committed(fmt::format("certificate {} revoked", serial));
  auto revs = reg.revisions(serial);
  ctx.say(fmt::format("{} revoked ({}): {}", serial,
                      plural(static_cast<std::int64_t>(revs.size()), "revision", "revisions"),
                      reason));
  return 0;
}

int cmd_certificate(Context& ctx, const po::variables_map& vm) {
  std::string person = opt_str(vm, "person");
  if (person == "revoke") return cmd_revoke(ctx, vm);
  if (vm.count("serial")) throw core::UsageError("certificate: too many arguments");
  if (vm.count("reason")) throw core::UsageError("--reason goes with 'certificate revoke'");
  if (vm["all"].as<bool>()) {
    if (!person.empty())
      throw core::UsageError("give a PERSON or --all, not both");
    return issue_all(ctx, vm);
  }
  if (person.empty()) throw core::UsageError("certificate needs a PERSON (or --all)");
  return issue_one(ctx, vm, person);
}

// ---------------------------------------------------------------------------------------------
// Verifying

static_assert(core::kPdfInput.max_bytes == pdf::kMaxPdfBytes,
              "verify reads what the PDF reader accepts");

std::vector<cert::PublicKey> read_public_keys(const std::string& path) {
  std::string text = cert::read_file(path, core::kKeyInput);
  std::vector<cert::PublicKey> keys;
  std::vector<std::string> problems;
  int line_no = 0;
  for (const auto& line : core::split(text, '\n')) {
    ++line_no;
    std::string_view l = core::trim(line);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty() || l.front() == '#') continue;
    // The key is the first word; the tags after it (id=, from=, to=) are informative: the id
    // is the key's own hash, and the order (oldest first) tells which keys are retired.
    auto k = cert::parse_public_key(l.substr(0, l.find(' ')));
    if (k) keys.push_back(*k);
    else problems.push_back(fmt::format("{}:{}: not a balint public key (balint-ed25519:...)", path, line_no));
  }
  if (!problems.empty()) throw core::Error(core::Exit::data, problems);
  if (keys.empty()) throw core::DataError(fmt::format("{}: no public key in the file", path));
  return keys;
}

int cmd_verify(Context& ctx, const po::variables_map& vm) {
  std::string what = opt_str(vm, "what");
  if (what.empty()) throw core::UsageError("verify needs a FILE.pdf or a CODE");
  std::string key_file = opt_str(vm, "key");
  bool is_token = what.rfind(cert::kTokenPrefix, 0) == 0;
  std::optional<std::string> code;
  if (!is_token && !cert::file_exists(what)) {
    code = cert::normalise_code(what);
    if (!code) throw core::NoInputError(fmt::format("{}: no such file", what));
    if (!key_file.empty())
      throw core::UsageError(
          "a CODE is looked up in the ledger's register; verify the PDF file itself with --key");
  }
  // Read the input before opening anything else: a missing file is exit 66.
  std::string bytes = is_token || code ? std::string() : cert::read_file(what, core::kPdfInput);

  std::optional<store::Ledger> ledger;
  std::optional<service::Verifier> verifier;
  if (!key_file.empty()) {
    verifier.emplace(read_public_keys(key_file), "the key in " + key_file);
  } else {
    ledger.emplace(ctx.open_read());
    verifier.emplace(*ledger);
    if (!verifier->has_keys())
      throw core::NoInputError(fmt::format(
          "{}: this ledger has no issuer key, so it issued no certificate; give --key "
          "PUBLIC_KEY_FILE to check a signature",
          ctx.db_path));
  }

  std::vector<cert::Finding> findings;
  if (code)
    findings.push_back(verifier->code(*code));
  else if (is_token)
    findings.push_back(verifier->token(what));
  else
    findings = verifier->pdf(bytes, what);
  bool all_valid = true;
  // The verdict first, on a line of its own making; what an unproven payload says only after
  // it, marked as claims. Every string from the file or the ledger is escaped (core::printable).
  for (const auto& f : findings) {
    ctx.out << cert::headline(f) << ": " << core::printable(f.text) << '\n';
    if (f.verdict != cert::Verdict::valid && !f.claims.empty())
      ctx.out << (f.verdict == cert::Verdict::revoked || f.verdict == cert::Verdict::superseded
                      ? "  it claimed (signed, no longer valid): "
                      : "  claims (not verified): ")
              << core::printable(f.claims) << '\n';
    all_valid = all_valid && f.verdict == cert::Verdict::valid;
  }
  return all_valid ? 0 : static_cast<int>(core::Exit::negative);
}

}  // namespace

void add_certificate_commands(std::vector<Command>& t) {
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
               cmd_certificate, Formats::none, {}, {"issuer", "signatory", "signatory-role"}});
  t.push_back({"keys init", "create the issuer's Ed25519 key pair for signing certificates",
               "keys init [--force] [--key-file FILE]",
               "Creates an Ed25519 key pair: the private key in a file of mode 0600 (by default "
               "the ledger's path + .key), the public key in the ledger and beside it (+ .pub). "
               "An existing private key is not replaced without --force; certificates signed with "
               "an earlier key stay verifiable with this ledger.",
               {"balint keys init"},
               [](po::options_description& d, po::positional_options_description&) {
                 d.add_options()("force", po::bool_switch(), "replace an existing private key")
                     ("key-file", po::value<std::string>()->value_name("FILE"),
                      "where to write the private key (default: the ledger's path + .key)");
               },
               cmd_keys_init});
  t.push_back({"keys export", "print every public key the issuer has signed with", "keys export",
               "Prints every public key this ledger has signed with, oldest first, one a line: "
               "balint-ed25519:BASE64 id=ID from=DATE, and to=DATE for a key replaced by "
               "'keys init --force' (retired); the last is the current one. Save it to a file "
               "for 'balint verify --key FILE' on another machine: certificates signed with a "
               "retired key still verify. The same lines are in LEDGER.pub.",
               {"balint keys export > society.pub"},
               [](po::options_description& d, po::positional_options_description&) {
                 d.add_options()("all", po::bool_switch(), "accepted for older scripts; every key is printed anyway");
               },
               cmd_keys_export});
  t.push_back({"verify", "check a certificate: valid, altered, revoked, superseded or unknown",
               "verify (FILE.pdf | CODE) [--key PUBLIC_KEY_FILE]",
               "Checks a certificate PDF (its signed payload and, with the ledger, the register: "
               "the file must be the one issued, not revoked and not superseded by a revision "
               "with other figures) or looks up a verification code in the register. Prints, per "
               "certificate, a line starting with the verdict (valid, altered, revoked, "
               "superseded or unknown); for any but valid, a second line '  claims (not "
               "verified): ...' with what the payload says. Text from the file or the ledger is "
               "printed with control and bidi-control characters escaped. Exit 0 only for "
               "valid, 1 otherwise. With --key the signature is checked against the keys in that "
               "file ('balint keys export': every key, oldest first), without a ledger: a good one "
               "prints 'signature valid; revocation not checked offline' (only the ledger's "
               "register knows revocations), and 'signed by a retired key' when the key that "
               "signed it was since replaced.",
               {"balint verify zoe-2025.pdf", "balint verify 7KQF-2M9X-WPAB",
                "balint verify zoe-2025.pdf --key society.pub"},
               [](po::options_description& d, po::positional_options_description& p) {
                 d.add_options()("what", po::value<std::string>()->value_name("FILE|CODE"),
                                 "the PDF, or the code printed on it")
                     ("key", po::value<std::string>()->value_name("FILE"),
                      "a public key file from 'balint keys export'");
                 p.add("what", 1);
               },
               cmd_verify});
}

}  // namespace balint::app
