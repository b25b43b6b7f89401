#pragma once
// Shared by the certificate commands (cmd_cert.cpp, cmd_cert_all.cpp, cmd_keys.cpp,
// cmd_verify.cpp).
#include <string>
#include <vector>

#include "balint/rules/catalogue.hpp"
#include "balint/service/issuing.hpp"
#include "command.hpp"

namespace balint::app {

/// The private key's file: --key-file, else the ledger's path + ".key".
std::string secret_key_path(const Context& ctx, const po::variables_map& vm);
/// The public keys' file beside the ledger: its path + ".pub".
std::string public_key_path(const Context& ctx);

/// The certificate run of --rules (its template loaded, the ledger opened for writing).
service::CertificateJob open_job(Context& ctx, const po::variables_map& vm,
                                 const rules::Catalogue& cat);
/// Places what a killed run left staged in `folder`, saying so on stderr.
void place_left_behind(const Context& ctx, service::CertificateJob& job, const std::string& folder);
/// Issues through the service (signed with the key of secret_key_path), showing progress on
/// a terminal.
std::vector<service::PlannedCertificate> issue(const Context& ctx, service::CertificateJob& job,
                                               const po::variables_map& vm,
                                               const std::vector<std::string>& people,
                                               core::Period period,
                                               const service::FileFor& file_for,
                                               const std::string& combined);
/// certificate --all (cmd_cert_all.cpp).
int cmd_certificate_all(Context& ctx, const po::variables_map& vm);

/// Registers keys init and keys export.
void add_key_commands(std::vector<Command>& table);
/// Registers verify.
void add_verify_command(std::vector<Command>& table);

}  // namespace balint::app
