// keys init|export: the issuer's key pair.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/io/files.hpp"
#include "balint/service/keys.hpp"
#include "balint/store/certificates.hpp"
#include "cmd_cert.hpp"
#include "command.hpp"

namespace balint::app {

std::string secret_key_path(const Context& ctx, const po::variables_map& vm) {
  std::string p = opt_str(vm, "key-file");
  return p.empty() ? ctx.db_path + ".key" : p;
}

std::string public_key_path(const Context& ctx) { return ctx.db_path + ".pub"; }

namespace {

int cmd_keys_init(Context& ctx, const po::variables_map& vm) {
  std::string key_path = secret_key_path(ctx, vm);
  bool force = vm["force"].as<bool>();
  if (io::file_exists(key_path) && !force)
    throw core::WriteError(fmt::format(
        "{}: a private key exists already; add --force to replace it (certificates signed "
        "with the old key stay verifiable with this ledger)",
        key_path));
  auto& ledger = ctx.ledger();
  service::create_issuer_key(ledger, key_path, public_key_path(ctx), force, ctx.as_of);
  ctx.say(fmt::format("created an Ed25519 key pair for {}", ctx.db_path));
  ctx.say(fmt::format("private key: {} (mode 0600; keep it secret and backed up)", key_path));
  ctx.say(fmt::format("public key:  {} and in the ledger; 'balint keys export' prints it",
                      public_key_path(ctx)));
  return 0;
}

int cmd_keys_export(Context& ctx, const po::variables_map& vm) {
  auto& ledger = ctx.ledger();
  store::CertificateRegister reg(ledger);
  auto keys = reg.issuer_keys();
  if (keys.empty())
    throw core::NoInputError(fmt::format(
        "{}: this ledger has no issuer key; create one with 'balint keys init'", ctx.db_path));
  (void)vm;  // --all is what it does anyway (kept for scripts written before issue 14)
  ctx.out << service::public_keys_text(keys);
  return 0;
}

}  // namespace

void add_key_commands(std::vector<Command>& t) {
  // clang-format off
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
               cmd_keys_init, Need::ledger_write});
  // clang-format on
  // clang-format off
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
               cmd_keys_export, Need::ledger_read});
  // clang-format on
}

}  // namespace balint::app
