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
#include "balint/render/certificate.hpp"
#include "balint/report/placeholders.hpp"
#include "balint/service/errors.hpp"

namespace balint::service {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Keywords are kept under 64 kB (PDF readers' limit for a string); a combined PDF whose tokens do
// not fit says so in its Keywords and is verified through the register, by the file's SHA-256.
constexpr std::size_t kMaxKeywords = 60'000;

// ---------------------------------------------------------------------------------------------
// What a certificate says

// Refuses a certificate whose person-specific text (the name, the registration line) has a
// character no installed font can draw: the person's id, the character, its code point and
// the Debian package that has a font for it.
void check_drawable(CertificateContent& c, const pdf::Template& t) {
  if (!c.refusal.empty()) return;
  for (const char* field : {"name", "registration"}) {
    const std::string text = std::string_view(field) == "name"
                                 ? c.certificate.name
                                 : render::registration_line(c.certificate);
    for (char32_t cp : pdf::undrawable(t, text)) {
      c.refusal.push_back(
          fmt::format("{}: {} in the {} \"{}\"", c.person.id, pdf::undrawable_reason(cp),
                      std::string_view(field) == "name" ? "name" : "registration", text));
      if (c.skip.empty()) c.skip = fmt::format("{} in the {}", pdf::undrawable_reason(cp), field);
      c.undrawable = true;
    }
  }
}

CertificateContent cpd_content(const rules::RuleSet& rs, const domain::PersonHistory& h,
                               const domain::AccreditationIndex& index, core::Period period,
                               core::Date as_of) {
  CertificateContent c{h.person, "cpd", period.from, period.to, {}, {}, "", {}, ""};
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
    c.refusal.push_back(
        fmt::format("{} has no entries from {} to {}", h.person.id, c.from->iso(), c.to->iso()));
    c.skip = "no entries in the period";
    return c;
  }
  c.figures["sessions"] = std::to_string(s.sessions);
  c.figures["hours"] = core::hours_str(s.minutes);
  c.figures["credits"] = s.credits.str();
  c.figures["credits_removed"] = s.removed.str();
  if (s.uncredited_minutes > 0)
    c.figures["uncredited_hours"] = core::hours_str(s.uncredited_minutes);
  for (const auto& a : s.activities) {
    std::string key(domain::to_string(a.activity));
    c.figures[key + ".sessions"] = std::to_string(a.sessions);
    c.figures[key + ".hours"] = core::hours_str(a.minutes);
    c.figures[key + ".credits"] = a.credits.str();
  }
  auto& cert = c.certificate;
  cert.from = c.from;
  cert.to = c.to;
  cert.sessions = s.sessions;
  cert.minutes = s.minutes;
  cert.credits = s.credits;
  cert.activities = s.activities;
  cert.caps = s.caps;
  cert.has_caps = std::any_of(rs.credits.begin(), rs.credits.end(),
                              [](const auto& r) { return r.cap_per_day || r.cap_per_year; });
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
                                         const domain::AccreditationIndex& index,
                                         core::Date as_of) {
  CertificateContent c{h.person, "accreditation", std::nullopt, std::nullopt, {}, {}, "", {}, ""};
  std::optional<core::Date> since;
  for (const auto& a : h.accreditations)
    if (a.family == rs.family && a.on <= as_of && (!since || a.on < *since)) since = a.on;
  c.figures["family"] = rs.family;
  if (since) {
    c.figures["status"] = "accredited";
    c.figures["accredited_on"] = since->iso();
    c.certificate.accredited_since = since;
    c.summary = fmt::format("accredited in {} since {}", rs.family, since->iso());
  } else {
    auto ev = eval::evaluate(rs, h, index, as_of);
    if (!ev.eligible) {
      c.refusal.push_back(fmt::format(
          "{} is not eligible under {} on {} and holds no {} accreditation; not met:", h.person.id,
          rs.id, as_of.iso(), rs.family));
      for (const auto& r : ev.requirements)
        if (r.essential && !eval::counts_as_met(r.status)) c.refusal.push_back(unmet_line(r));
      c.skip = fmt::format("not eligible: {} unmet",
                           core::plural(static_cast<std::int64_t>(c.refusal.size() - 1),
                                        "requirement", "requirements"));
      return c;
    }
    c.figures["status"] = "eligible";
    c.summary = fmt::format("eligible in {} on {}", rs.family, as_of.iso());
  }
  c.certificate.family = rs.family;
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
  m.date = first.certificate.issued.iso();
  std::string what = first.content.kind == "cpd" ? "CPD certificate" : "Accreditation certificate";
  if (issues.size() == 1) {
    m.title = fmt::format("{} {} (revision {})", what, first.slot.serial, first.slot.revision);
    m.subject = fmt::format("{} for {}", what, first.content.person.name);
  } else {
    m.title = fmt::format("{}s ({})", what, issues.size());
    m.subject = m.title;
  }
  for (const auto& is : issues)
    m.keywords += (m.keywords.empty() ? "" : " ") + is.signed_cert.token;
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
  auto& cert = c.certificate;
  cert.kind = c.kind;
  cert.person_id = h.person.id;
  cert.name = h.person.name;
  cert.registration = registration;
  cert.registration_label = style.registration_label;
  cert.body = rs.body;
  cert.title = rs.title;
  cert.ruleset = rs.id;
  cert.edition = rs.edition;
  cert.issued = as_of;
  cert.issuer = job.signer.issuer;
  cert.signatory = job.signer.signatory;
  cert.signatory_role = job.signer.signatory_role;
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
    is.slot =
        reg.slot_for(serial_prefix(c.kind), as_of.year(), c.person.id, rs.id, c.from, c.to, taken);
    if (is.slot.revision == 1) taken.push_back(is.slot.serial);
    cert::Payload p{c.kind,      is.slot.serial, is.slot.revision,
                    c.person.id, c.person.name,  c.registration,
                    rs.id,       rs.edition,     c.from,
                    c.to,        as_of,          signed_figures(c.figures)};
    if (key)
      is.signed_cert = cert::sign_payload(p, *key);
    else
      is.signed_cert.payload = p;
    is.certificate = c.certificate;
    is.certificate.serial = is.slot.serial;
    is.certificate.revision = is.slot.revision;
    is.certificate.code = is.signed_cert.code;
    is.certificate.verify_payload = is.signed_cert.token;
    is.content = std::move(c);
    out.push_back(std::move(is));
  }
  return out;
}

std::string folder_of(const std::string& file) {
  fs::path p(file);
  return p.parent_path().empty() ? std::string(".") : p.parent_path().string();
}

BulkPlan plan_people(const CertificateJob& job, core::Period period,
                     const std::vector<std::string>& people, const FileFor& file_for,
                     const std::string& combined) {
  BulkPlan b;
  std::vector<CertificateContent> contents;
  std::set<std::string> seen;
  for (const auto& id : people) {
    if (!seen.insert(id).second) continue;
    if (!job.ledger.person(id)) throw NotFound(fmt::format("no person {}", id));
    CertificateContent c = certificate_content(job, id, period);
    if (!c.refusal.empty()) {
      b.skipped.push_back({id, c.skip});
      if (c.undrawable) {
        ++b.unprintable;
        b.undrawable.insert(b.undrawable.end(), c.refusal.begin(), c.refusal.end());
      }
      continue;
    }
    b.people.push_back(id);
    contents.push_back(std::move(c));
  }
  b.plan = plan_certificates(job, std::move(contents), nullptr);
  for (const auto& is : b.plan) {
    b.files.push_back(combined.empty() ? file_for(is) : combined);
    if (is.slot.revision > 1) ++b.duplicates;
  }
  for (const auto& f : b.files)
    if (io::file_exists(f) &&
        std::find(b.existing.begin(), b.existing.end(), f) == b.existing.end())
      b.existing.push_back(f);
  return b;
}

BulkPlan plan_all(const CertificateJob& job, core::Period period,
                  const std::function<std::string(const PlannedCertificate&)>& file_for,
                  const std::string& combined) {
  return plan_people(job, period, job.ledger.person_ids(), file_for, combined);
}

std::string plan_digest(const std::vector<PlannedCertificate>& plan) {
  json rows = json::array();
  for (const auto& is : plan) {
    const auto& c = is.content;
    rows.push_back(json::array({c.person.id, c.person.name, is.slot.serial, is.slot.revision,
                                c.from ? c.from->iso() : "", c.to ? c.to->iso() : "",
                                figures_json(c.figures)}));
  }
  return cert::sha256_hex(rows.dump());
}

CertificateJob open_certificate_job(const rules::RuleSet& rs, store::Ledger& ledger,
                                    const std::vector<std::string>& templates_dirs,
                                    core::Date as_of) {
  auto tmpl =
      pdf::load_template(pdf::find_template(templates_dirs, default_certificate_template(rs.kind)),
                         report::certificate_placeholders());
  store::CertificateRegister reg(ledger);
  domain::AccreditationIndex index(ledger.accreditations());
  CertificateSigner signer{tmpl.certificate.issuer, "", ""};
  return CertificateJob{rs,    ledger, std::move(reg),   std::move(index), std::move(tmpl),
                        as_of, false,  std::move(signer)};
}

std::vector<PlannedCertificate> issue_certificates(CertificateJob& job, const std::string& key_path,
                                                   const std::vector<std::string>& people,
                                                   core::Period period, const FileFor& file_for,
                                                   const std::string& combined,
                                                   const OnProgress& progress,
                                                   const OnPlanned& check) {
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
    if (check) check(written);
    if (written.empty()) return;
    std::string out_file = combined.empty() ? file_for(written.front()) : combined;
    std::string out_folder = core::folder_of(out_file);
    if (!fs::is_directory(out_folder))
      throw core::WriteError(fmt::format("{}: no such folder {}", out_file, out_folder));
    staging.emplace(out_folder);
    if (!combined.empty()) {
      std::vector<pdf::Fields> pages;
      for (auto& is : written) {
        is.file = combined;
        pages.push_back(render::certificate_fields(is.certificate));
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
        std::string bytes =
            renderer.render(render::certificate_fields(is.certificate), meta_for({is}));
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
    lines.push_back(
        fmt::format("the register holds the certificates; their files are kept in {} and the next "
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
      if (latest && latest->sha256 == sha && fs::path(r.file).parent_path() == here) return r.file;
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
