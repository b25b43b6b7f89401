#include "balint/service/issuing.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/path.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/eval/credit_summary.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/io/files.hpp"
#include "balint/pdf/render.hpp"
#include "balint/report/placeholders.hpp"

namespace balint::service {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Keywords are kept under 64 kB (PDF readers' limit for a string); a combined PDF whose tokens do
// not fit says so in its Keywords and is verified through the register, by the file's SHA-256.
constexpr std::size_t kMaxKeywords = 60'000;

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

std::string period_text(const std::optional<core::Date>& from, const std::optional<core::Date>& to) {
  if (!from || !to) return "";
  return fmt::format("{} to {}", from->iso(), to->iso());
}

// Every placeholder a certificate fills, for both kinds; those of the other kind are empty,
// so any template may use any of them.
Fields blank_fields() {
  Fields f;
  for (const auto& n : report::certificate_placeholders()) f[n] = "";
  return f;
}


// Refuses a certificate whose person-specific text (the name, the registration line) has a
// character no installed font can draw: the person's id, the character, its code point and
// the Debian package that has a font for it.
void check_drawable(CertificateContent& c, const pdf::Template& t) {
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

CertificateContent cpd_content(const rules::RuleSet& rs, const domain::PersonHistory& h,
                    const domain::AccreditationIndex& index, core::Period period, core::Date as_of) {
  CertificateContent c{h.person, "cpd", period.from, period.to, {}, blank_fields(), "", {}, ""};
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
                         activity_title(a.activity), core::plural(a.sessions, "session", "sessions"),
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

CertificateContent accreditation_content(const rules::RuleSet& rs, const domain::PersonHistory& h,
                              const domain::AccreditationIndex& index, core::Date as_of) {
  CertificateContent c{h.person, "accreditation", std::nullopt, std::nullopt, {}, blank_fields(), "", {}, ""};
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
      c.skip = fmt::format("not eligible: {} unmet", core::plural(static_cast<std::int64_t>(
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

std::string serial_prefix(const std::string& kind) { return kind == "cpd" ? "CPD" : "ACC"; }

Fields signed_figures(const Fields& figures) {
  Fields out;
  for (const auto& [k, v] : figures)
    if (k.find('.') == std::string::npos) out[k] = v;
  return out;
}

pdf::Meta meta_for(const std::vector<PlannedCertificate>& issues) {
  pdf::Meta m;
  const PlannedCertificate& first = issues.front();
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

}  // namespace

std::string figures_json(const Fields& figures) {
  json j = json::object();
  for (const auto& [k, v] : figures) j[k] = v;
  return j.dump();
}

namespace {

store::CertificateRecord record_of(const PlannedCertificate& is, const rules::RuleSet& rs,
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

}  // namespace

std::string default_certificate_template(const std::string& kind) {
  return kind == "cpd" ? "certificate-cpd" : "certificate-accreditation";
}

CertificateContent certificate_content(const CertificateJob& job, const std::string& person,
                                       core::Period period) {
  const rules::RuleSet& rs = job.rs;
  const pdf::Template& tmpl = job.tmpl;
  const domain::AccreditationIndex& index = job.index;
  const core::Date as_of = job.as_of;
  auto h = job.ledger.history(person);
  CertificateContent c = rs.kind == "cpd" ? cpd_content(rs, h, index, period, as_of)
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

std::vector<PlannedCertificate> plan_certificates(const CertificateJob& job,
                                                  std::vector<CertificateContent> contents,
                                                  const cert::SecretKey* key) {
  const store::CertificateRegister& reg = job.reg;
  const rules::RuleSet& rs = job.rs;
  const core::Date as_of = job.as_of;
  std::vector<PlannedCertificate> out;
  std::vector<std::string> taken;
  for (auto& c : contents) {
    PlannedCertificate is;
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

std::vector<PlannedCertificate> issue_certificates(CertificateJob& job, const std::string& key_path,
                                                   const std::vector<std::string>& people,
                                                   core::Period period, const FileFor& file_for,
                                                   const std::string& combined,
                                                   const OnProgress& progress) {
  std::vector<PlannedCertificate> written;
  auto key = load_signing_key(key_path, job.reg);
  // One private staging folder beside the outputs; declared before the staged files, so that
  // it is removed after them.
  std::optional<io::StagingFolder> staging;
  std::vector<io::StagedFile> staged;
  job.reg.transaction([&] {
    // Planned again inside the write lock: serials are final here.
    std::vector<CertificateContent> contents;
    for (const auto& p : people) {
      CertificateContent c = certificate_content(job, p, period);
      if (c.refusal.empty()) contents.push_back(std::move(c));
    }
    written = plan_certificates(job, std::move(contents), &key.secret);
    if (written.empty()) return;
    for (auto& is : written)
      for (const auto& [k, v] : job.extra) is.fields[k] = v;
    std::string out_file = combined.empty() ? file_for(written.front()) : combined;
    std::string out_folder = core::folder_of(out_file);
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
      staged.emplace_back(combined, bytes, io::kPrivateFileMode, true,  // everyone's
                          staging->path());
      std::string sha = cert::sha256_hex(bytes);
      for (const auto& is : written) job.reg.add(record_of(is, job.rs, sha, key.id, job.as_of));
    } else {
      pdf::CertificateRenderer renderer(job.tmpl);
      for (std::size_t i = 0; i < written.size(); ++i) {
        PlannedCertificate& is = written[i];
        is.file = file_for(is);
        std::string bytes = renderer.render(is.fields, meta_for({is}));
        staged.emplace_back(is.file, bytes, io::kCertificateMode, /*sync=*/written.size() == 1,
                            staging->path());
        job.reg.add(record_of(is, job.rs, cert::sha256_hex(bytes), key.id, job.as_of));
        if (progress) progress(i + 1, written.size());
      }
    }
    // The staged bytes durable before the rows that name them: one flush for the batch.
    if (combined.empty() && written.size() > 1) io::sync_file_system(staged.front().path());
  });
  if (written.empty()) return written;
  // Committed: the files into place. Should that fail, they stay staged for the next run.
  try {
    for (auto& f : staged) f.publish(job.force, /*sync=*/false);
    io::sync_folder(core::folder_of(staged.front().path()));
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
  return written;
}

std::vector<std::string> place_left_behind(CertificateJob& job, const std::string& folder) {
  if (!fs::is_directory(folder)) return {};
  // Hashed in pieces: a staging folder is in a folder others may write to, so its files are
  // not trusted to be what a run staged. One that cannot be read is not one of ours.
  constexpr core::InputKind kStaged{"a staged certificate file", 4096 * core::kMiB};
  const fs::path here = (fs::absolute(folder) / "x").lexically_normal().parent_path();
  auto placed = io::recover_staging(folder, [&](const std::string& staged) -> std::string {
    std::string sha;
    try {
      sha = cert::sha256_file(staged, kStaged);
    } catch (const core::Error&) {
      return "";
    }
    for (const auto& r : job.reg.find_by_sha256(sha)) {
      auto latest = job.reg.latest_in_file(r.file);
      if (latest && latest->sha256 == sha && fs::path(r.file).parent_path() == here)
        return r.file;
    }
    return "";
  });
  return placed;
}

std::optional<store::CertificateRecord> revoked_with_same_figures(const CertificateJob& job,
                                                                  const PlannedCertificate& is) {
  for (const auto& r : job.reg.all())
    if (r.revoked_on && r.person == is.content.person.id &&
        r.ruleset == is.signed_cert.payload.ruleset && r.from == is.signed_cert.payload.from &&
        r.to == is.signed_cert.payload.to && r.figures == figures_json(is.content.figures) &&
        r.serial != is.slot.serial)
      return r;
  return std::nullopt;
}

}  // namespace balint::service
