#pragma once
// A person's issued certificates, and the file of one of them.
#include <string>
#include <vector>

#include "balint/store/certificates.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// Every certificate issued to `person` (each serial's revisions), by serial then revision.
std::vector<store::CertificateRecord> certificates_of(const store::Ledger& ledger,
                                                      const std::string& person);

/// An issued certificate and the bytes of its PDF file.
struct CertificateFile {
  store::CertificateRecord record;
  std::string bytes;
};

/// The file of `serial` revision `revision` (0: the latest) as issued. NotFound when there is no
/// such certificate or its file is gone; Conflict when the file is no longer the one issued
/// (SHA-256 differs) or holds other people's certificates too (a combined PDF).
CertificateFile certificate_file(const store::Ledger& ledger, const std::string& serial,
                                 int revision);

}  // namespace balint::service
