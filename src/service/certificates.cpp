#include "balint/service/certificates.hpp"

#include <fmt/core.h>

#include "balint/cert/keys.hpp"
#include "balint/core/input.hpp"
#include "balint/io/files.hpp"
#include "balint/service/errors.hpp"

namespace balint::service {

std::vector<store::CertificateRecord> certificates_of(const store::Ledger& ledger,
                                                      const std::string& person) {
  return ledger.certificates_of(person);
}

CertificateFile certificate_file(const store::Ledger& ledger, const std::string& serial,
                                 int revision) {
  store::CertificateRegister reg(ledger);
  if (revision == 0) {
    auto revs = reg.revisions(serial);
    revision = revs.empty() ? 1 : revs.back().revision;
  }
  auto rec = reg.find(serial, revision);
  if (!rec) throw NotFound(fmt::format("no certificate {} revision {}", serial, revision));
  for (const auto& other : reg.find_by_sha256(rec->sha256))
    if (other.person != rec->person)
      throw Conflict(
          fmt::format("{} was issued in a file with other people's certificates; "
                      "ask the society's office for a copy",
                      serial));
  if (!io::file_exists(rec->file))
    throw NotFound(fmt::format("the file of certificate {} is no longer at {}", serial, rec->file));
  std::string bytes = core::read_input(rec->file, core::kPdfInput);
  if (cert::sha256_hex(bytes) != rec->sha256)
    throw Conflict(
        fmt::format("the file of certificate {} has changed since it was issued", serial));
  return {std::move(*rec), std::move(bytes)};
}

}  // namespace balint::service
