// verify: a certificate PDF, token or code, against the ledger's register or a public key file.
#include <fmt/core.h>

#include <optional>
#include <string>
#include <vector>

#include "balint/cert/payload.hpp"
#include "balint/cert/verify.hpp"
#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/core/text.hpp"
#include "balint/io/files.hpp"
#include "balint/pdf/render.hpp"
#include "balint/service/keys.hpp"
#include "balint/service/verify.hpp"
#include "balint/store/ledger.hpp"
#include "cmd_cert.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

static_assert(core::kPdfInput.max_bytes == pdf::kMaxPdfBytes,
              "verify reads what the PDF reader accepts");

int cmd_verify(Context& ctx, const po::variables_map& vm) {
  std::string what = opt_str(vm, "what");
  if (what.empty()) throw core::UsageError("verify needs a FILE.pdf or a CODE");
  std::string key_file = opt_str(vm, "key");
  bool is_token = what.rfind(cert::kTokenPrefix, 0) == 0;
  std::optional<std::string> code;
  if (!is_token && !io::file_exists(what)) {
    code = cert::normalise_code(what);
    if (!code) throw core::NoInputError(fmt::format("{}: no such file", what));
    if (!key_file.empty())
      throw core::UsageError(
          "a CODE is looked up in the ledger's register; verify the PDF file itself with --key");
  }
  // Read the input before opening anything else: a missing file is exit 66.
  std::string bytes = is_token || code ? std::string() : core::read_input(what, core::kPdfInput);

  store::Ledger* ledger = nullptr;
  std::optional<service::Verifier> verifier;
  if (!key_file.empty()) {
    verifier.emplace(service::read_public_keys(key_file), "the key in " + key_file);
  } else {
    ledger = &ctx.ledger();
    verifier.emplace(*ledger);
    if (!verifier->has_keys())
      throw core::NoInputError(
          fmt::format("{}: this ledger has no issuer key, so it issued no certificate; give --key "
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

void add_verify_command(std::vector<Command>& t) {
  // clang-format off
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
               cmd_verify, Need::ledger_read});
  // clang-format on
}

}  // namespace balint::app
