// Key text forms and files written whole or not at all.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "balint/cert/files.hpp"
#include "balint/cert/keys.hpp"
#include "balint/core/error.hpp"

using namespace balint;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/balint-cert-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

int mode_of(const std::string& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return static_cast<int>(st.st_mode & 0777);
}

std::size_t files_in(const fs::path& p) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(p)) ++n;
  return n;
}

}  // namespace

TEST_CASE("public and secret keys round-trip through their text forms") {
  auto kp = cert::generate_key_pair();
  std::string pub = cert::public_key_text(kp.public_key);
  CHECK(pub.rfind("balint-ed25519:", 0) == 0);
  CHECK(pub.size() == 15 + 44);
  CHECK(cert::parse_public_key(pub + "\n") == kp.public_key);
  CHECK(kp.secret_key.public_key() == kp.public_key);
  auto sk = cert::parse_secret_key(cert::secret_key_text(kp.secret_key));
  REQUIRE(sk);
  CHECK(sk->bytes() == kp.secret_key.bytes());
  CHECK_FALSE(cert::parse_public_key("balint-ed25519:AAAA"));
  CHECK_FALSE(cert::parse_public_key(cert::secret_key_text(kp.secret_key)));
  // A secret key whose public half was replaced is refused.
  auto other = cert::generate_key_pair();
  std::string bad = kp.secret_key.bytes().substr(0, 32) + other.public_key.bytes;
  CHECK_FALSE(cert::parse_secret_key(cert::secret_key_text(cert::SecretKey(bad))));
}

TEST_CASE("detached signatures") {
  auto kp = cert::generate_key_pair();
  std::string sig = cert::sign_detached(kp.secret_key, "hello");
  CHECK(sig.size() == cert::kSignatureBytes);
  CHECK(cert::verify_detached(kp.public_key, "hello", sig));
  CHECK_FALSE(cert::verify_detached(kp.public_key, "hellp", sig));
  CHECK_FALSE(cert::verify_detached(kp.public_key, "hello", sig.substr(1)));
}

TEST_CASE("base64url and sha256") {
  CHECK(cert::base64url("\xfb\xff") == "-_8");
  CHECK(cert::from_base64url("-_8") == std::string("\xfb\xff"));
  CHECK_FALSE(cert::from_base64url("-_9"));  // unused bits set
  CHECK_FALSE(cert::from_base64url("-_8="));
  CHECK(cert::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a staged file appears only when published, with the mode asked for") {
  TempDir t;
  std::string path = t.file("out.pdf");
  {
    cert::StagedFile f(path, "data", 0600);
    CHECK_FALSE(cert::file_exists(path));
    CHECK(files_in(t.path) == 1);  // the temporary file
  }
  CHECK(files_in(t.path) == 0);  // removed when not published
  {
    cert::StagedFile f(path, "data", 0600);
    f.publish(false);
  }
  CHECK(cert::read_file(path, balint::core::kPdfInput) == "data");
  CHECK(mode_of(path) == 0600);
  CHECK(files_in(t.path) == 1);
}

TEST_CASE("an existing file is replaced only when asked") {
  TempDir t;
  std::string path = t.file("key");
  cert::write_file(path, "one", 0600, false);
  CHECK_THROWS_AS(cert::write_file(path, "two", 0600, false), core::WriteError);
  CHECK(cert::read_file(path, balint::core::kPdfInput) == "one");
  CHECK(files_in(t.path) == 1);
  cert::write_file(path, "two", 0600, true);
  CHECK(cert::read_file(path, balint::core::kPdfInput) == "two");
}

TEST_CASE("withdraw removes a published file") {
  TempDir t;
  std::string path = t.file("c.pdf");
  cert::StagedFile f(path, "x");
  f.publish(false);
  CHECK(cert::file_exists(path));
  f.withdraw();
  CHECK_FALSE(cert::file_exists(path));
}

TEST_CASE("missing input and missing folder") {
  TempDir t;
  CHECK_THROWS_AS(cert::read_file(t.file("nope.pdf"), balint::core::kPdfInput), core::NoInputError);
  CHECK_THROWS_AS(cert::StagedFile(t.file("no/such/dir/x.pdf"), "x"), core::WriteError);
}

TEST_CASE("recover_staging places what the register claims and removes the rest") {
  TempDir t;
  fs::path stale = t.path / ".balint-staging.AAAAAA";
  fs::create_directory(stale);
  fs::permissions(stale, fs::perms::owner_all);
  cert::write_file((stale / "a.pdf.111111").string(), "registered", 0644, false);
  cert::write_file((stale / "b.pdf.222222").string(), "never committed", 0644, false);
  cert::write_file(t.file("c.pdf"), "old revision", 0644, false);
  cert::write_file((stale / "c.pdf.333333").string(), "new revision", 0644, false);
  std::vector<std::string> offered;
  auto placed = cert::recover_staging(t.path.string(), [&](const std::string& staged) {
    offered.push_back(fs::path(staged).filename().string());
    std::string bytes = cert::read_file(staged, core::kPdfInput);
    if (bytes == "registered") return t.file("a.pdf");
    if (bytes == "new revision") return t.file("c.pdf");
    return std::string();
  });
  CHECK(offered == std::vector<std::string>{"a.pdf.111111", "b.pdf.222222", "c.pdf.333333"});
  CHECK(placed == std::vector<std::string>{t.file("a.pdf"), t.file("c.pdf")});
  CHECK(cert::read_file(t.file("a.pdf"), core::kPdfInput) == "registered");
  CHECK(cert::read_file(t.file("c.pdf"), core::kPdfInput) == "new revision");
  CHECK_FALSE(fs::exists(stale));  // with the file nobody claimed
  CHECK(files_in(t.path) == 2);
}

TEST_CASE("recover_staging leaves a live run's folder and never replaces a special file") {
  TempDir t;
  {
    cert::StagingFolder live(t.path.string());  // held locked while it lives
    cert::write_file((fs::path(live.path()) / "x.pdf.1").string(), "x", 0644, false);
    int offered = 0;
    auto placed = cert::recover_staging(t.path.string(), [&](const std::string&) {
      ++offered;
      return t.file("x.pdf");
    });
    CHECK(offered == 0);
    CHECK(placed.empty());
    CHECK(fs::exists(live.path()));
    live.keep();  // as after a failed move into place: left for a later run
  }
  fs::path kept;
  for (const auto& e : fs::directory_iterator(t.path)) kept = e.path();
  REQUIRE(kept.filename().string().rfind(cert::kStagingPrefix, 0) == 0);
  REQUIRE(::mkfifo(t.file("x.pdf").c_str(), 0600) == 0);
  CHECK_THROWS_AS(cert::recover_staging(t.path.string(), [&](const std::string&) {
                    return t.file("x.pdf");
                  }),
                  core::WriteError);
  CHECK(fs::exists(kept / "x.pdf.1"));  // kept: the register's file is not lost
  CHECK(fs::is_fifo(t.file("x.pdf")));
  fs::remove(t.file("x.pdf"));
  auto placed = cert::recover_staging(t.path.string(), [&](const std::string&) {
    return t.file("x.pdf");
  });
  CHECK(placed.size() == 1);
  CHECK(cert::read_file(t.file("x.pdf"), core::kPdfInput) == "x");
  CHECK_FALSE(fs::exists(kept));
}

TEST_CASE("sha256_file hashes in pieces what sha256_hex hashes whole") {
  TempDir t;
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>('a' + i % 26);  // several pieces
  cert::write_file(t.file("big"), bytes, 0644, false);
  CHECK(cert::sha256_file(t.file("big"), core::kPdfInput) == cert::sha256_hex(bytes));
  cert::write_file(t.file("empty"), "", 0644, false);
  CHECK(cert::sha256_file(t.file("empty"), core::kPdfInput) == cert::sha256_hex(""));
  constexpr core::InputKind kTiny{"a tiny file", 10};
  CHECK_THROWS_AS(cert::sha256_file(t.file("big"), kTiny), core::DataError);
}
