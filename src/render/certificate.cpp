#include "balint/render/certificate.hpp"

#include "balint/report/placeholders.hpp"

#include <fmt/core.h>

#include <cctype>

#include "balint/core/text.hpp"

namespace balint::render {
namespace {

std::string activity_title(domain::Activity a) {
  switch (a) {
    case domain::Activity::group: return "Balint group sessions";
    case domain::Activity::leadership_training: return "Leadership training";
    case domain::Activity::supervision: return "Supervision";
    case domain::Activity::peer_supervision: return "Leaders' peer supervision";
    case domain::Activity::other_cpd: return "Other CPD";
  }
  return "";
}

// One line per activity: sessions, hours, credits, and what caps or a missing rate took.
std::string activity_lines(const report::Certificate& c) {
  std::string lines;
  for (const auto& a : c.activities) {
    lines +=
        fmt::format("{}{}: {}, {} hours, {} credits", lines.empty() ? "" : "\n",
                    activity_title(a.activity), core::plural(a.sessions, "session", "sessions"),
                    core::hours_str(a.minutes), a.credits.str());
    if (a.removed.v > 0) lines += fmt::format(" ({} removed by caps)", a.removed.str());
    if (a.uncredited_minutes == a.minutes)
      lines += " (no credit rate applies)";
    else if (a.uncredited_minutes > 0)
      lines +=
          fmt::format(" ({} hours without a credit rate)", core::hours_str(a.uncredited_minutes));
  }
  return lines;
}

std::string caps_text(const report::Certificate& c) {
  if (c.caps.empty()) return c.has_caps ? "No cap reduced these credits." : "";
  std::string out;
  for (const auto& cap : c.caps) {
    const bool day = cap.cap == "day";
    const std::string where = cap.periods.size() == 1
                                  ? fmt::format("{} {}", day ? "on" : "in", cap.periods.front())
                                  : fmt::format("{} {} {}", day ? "on" : "in", cap.periods.size(),
                                                day ? "days" : "years");
    out += (out.empty() ? "" : "; ") +
           fmt::format("the cap of {} credits a {} removed {} credits {}", cap.limit.short_str(),
                       cap.cap, cap.removed.str(), where);
  }
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ".";
}

}  // namespace

const std::set<std::string>& certificate_field_names() {
  return report::certificate_placeholders();
}

std::string registration_line(const report::Certificate& c) {
  if (c.registration.empty()) return "";
  if (c.registration_label.empty()) return c.registration;
  return fmt::format("{}: {}", c.registration_label, c.registration);
}

std::map<std::string, std::string> certificate_fields(const report::Certificate& c) {
  std::map<std::string, std::string> f;
  for (const auto& n : certificate_field_names()) f[n] = "";
  f["name"] = c.name;
  f["person_id"] = c.person_id;
  f["registration"] = registration_line(c);
  f["issuer"] = c.issuer;
  f["title"] = c.title;
  f["body"] = c.body;
  f["ruleset"] = c.ruleset;
  f["edition"] = c.edition;
  f["issued"] = c.issued.iso();
  f["signatory"] = c.signatory;
  f["signatory_role"] = c.signatory_role;
  if (!c.serial.empty()) {
    f["serial"] = c.serial;
    f["revision"] = std::to_string(c.revision);
    f["code"] = c.code;
    f["verify_payload"] = c.verify_payload;
    if (c.revision > 1)
      f["duplicate"] = fmt::format("duplicate — revision {} of {}", c.revision, c.serial);
    if (!c.code.empty()) f["verify"] = fmt::format("balint verify {}", c.code);
  }
  if (c.kind == "cpd") {
    if (c.from) f["from"] = c.from->iso();
    if (c.to) f["to"] = c.to->iso();
    if (c.from && c.to) f["period"] = fmt::format("{} to {}", c.from->iso(), c.to->iso());
    f["activities"] = activity_lines(c);
    f["sessions"] = std::to_string(c.sessions);
    f["hours"] = core::hours_str(c.minutes);
    f["credits"] = c.credits.str();
    f["caps"] = caps_text(c);
  } else {
    f["status"] = c.accredited_since
                      ? fmt::format("Accredited since {}", c.accredited_since->iso())
                      : fmt::format("Meets every essential requirement on {}", c.issued.iso());
    f["family"] = c.family;
  }
  return f;
}

}  // namespace balint::render
