// The certificate register, searched.
#include "balint/service/register.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <initializer_list>
#include <map>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/service/errors.hpp"

namespace balint::service {

std::string_view to_string(Standing s) {
  switch (s) {
    case Standing::current: return "current";
    case Standing::superseded: return "superseded";
    case Standing::revoked: return "revoked";
  }
  return "current";
}

RegisterPage certificate_register(const store::Ledger& ledger, const RegisterQuery& q) {
  if (!q.standing.empty() && q.standing != "current" && q.standing != "superseded" &&
      q.standing != "revoked")
    throw core::UsageError(
        fmt::format("'{}' is not a standing: current, superseded or revoked", q.standing));
  auto all = store::CertificateRegister(ledger).all();  // by serial, then revision
  std::map<std::string, std::string> names;
  for (const auto& p : ledger.people()) names[p.id] = p.name;
  RegisterPage page;
  page.total = all.size();
  const std::string needle = core::casefold(q.text);
  std::vector<RegisterRow> matched;
  for (std::size_t i = 0; i < all.size(); ++i) {
    RegisterRow row{all[i], names.count(all[i].person) ? names[all[i].person] : std::string(),
                    Standing::current};
    const bool later = i + 1 < all.size() && all[i + 1].serial == all[i].serial;
    row.standing = all[i].revoked_on ? Standing::revoked
                   : later           ? Standing::superseded
                                     : Standing::current;
    if (!q.standing.empty() && to_string(row.standing) != q.standing) continue;
    if (!needle.empty()) {
      const auto& r = row.record;
      bool hit = false;
      for (const std::string* field :
           std::initializer_list<const std::string*>{&r.serial, &r.code, &r.person, &row.name})
        hit = hit || core::casefold(*field).find(needle) != std::string::npos;
      if (!hit) continue;
    }
    matched.push_back(std::move(row));
  }
  // Newest issue first; within a day, the higher serial and revision first.
  std::stable_sort(matched.begin(), matched.end(), [](const RegisterRow& a, const RegisterRow& b) {
    if (a.record.issued != b.record.issued) return b.record.issued < a.record.issued;
    if (a.record.serial != b.record.serial) return b.record.serial < a.record.serial;
    return b.record.revision < a.record.revision;
  });
  page.matched = matched.size();
  if (matched.size() > q.limit) matched.resize(q.limit);
  page.rows = std::move(matched);
  return page;
}

std::size_t revoke_certificate(const store::Ledger& ledger, const std::string& serial,
                               const std::string& reason, core::Date on) {
  if (!core::valid_utf8(reason)) throw core::UsageError("the reason is not valid UTF-8");
  const std::string why = core::nfc(core::trim(reason));
  if (why.empty()) throw core::UsageError("a revocation needs a reason");
  store::CertificateRegister reg(ledger);
  std::size_t count = 0;
  reg.transaction([&] {  // looked at and revoked in one write transaction: two revocations queue
    auto revisions = reg.revisions(serial);
    if (revisions.empty()) throw Conflict(fmt::format("no certificate {} in the register", serial));
    if (revisions.back().revoked_on)
      throw Conflict(
          fmt::format("{} was revoked on {} already", serial, revisions.back().revoked_on->iso()));
    reg.revoke(serial, why, on);
    count = revisions.size();
  });
  return count;
}

}  // namespace balint::service
