#pragma once
// Shared by the certificate commands (cmd_cert.cpp, cmd_keys.cpp, cmd_verify.cpp).
#include <string>
#include <vector>

#include "command.hpp"

namespace balint::app {

/// The private key's file: --key-file, else the ledger's path + ".key".
std::string secret_key_path(const Context& ctx, const po::variables_map& vm);
/// The public keys' file beside the ledger: its path + ".pub".
std::string public_key_path(const Context& ctx);

/// Registers keys init and keys export.
void add_key_commands(std::vector<Command>& table);
/// Registers verify.
void add_verify_command(std::vector<Command>& table);

}  // namespace balint::app
