// The one checked reader of outside files (issue 14, finding 6): only regular files, each kind
// within its limit, checked before reading; a FIFO is refused without blocking.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"

namespace core = balint::core;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path dir;
  Folder() {
    std::string t = (fs::temp_directory_path() / "balint-input-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    dir = t;
  }
  ~Folder() { fs::remove_all(dir); }
  std::string file(const std::string& name) const { return (dir / name).string(); }
};

std::string message_of(const std::string& path, const core::InputKind& kind, core::Exit& code) {
  try {
    core::read_input(path, kind);
  } catch (const core::Error& e) {
    code = e.code();
    return e.what();
  }
  code = core::Exit::ok;
  return "";
}

}  // namespace

TEST_CASE("a regular file within its limit is read whole") {
  Folder f;
  std::ofstream(f.file("a.toml")) << "x = 1\n";
  CHECK(core::read_input(f.file("a.toml"), core::kRuleInput) == "x = 1\n");
  fs::create_symlink(f.file("a.toml"), f.file("link.toml"));
  CHECK(core::read_input(f.file("link.toml"), core::kRuleInput) == "x = 1\n");
}

TEST_CASE("a file over its limit is refused before it is read, exit 65") {
  Folder f;
  {
    std::ofstream out(f.file("big.toml"));
    out << std::string(core::kRuleInput.max_bytes, 'x');
  }
  CHECK(core::read_input(f.file("big.toml"), core::kRuleInput).size() ==
        core::kRuleInput.max_bytes);  // exactly at the limit: read
  fs::resize_file(f.file("big.toml"), core::kRuleInput.max_bytes + 1);
  core::Exit code{};
  CHECK(message_of(f.file("big.toml"), core::kRuleInput, code) ==
        f.file("big.toml") + ": is 1048577 bytes; a rule file may be at most 1 MB");
  CHECK(code == core::Exit::data);
  // A sparse 3 GB "CSV": refused at once from its size, nothing read.
  fs::resize_file(f.file("big.toml"), 3ull << 30);
  CHECK(message_of(f.file("big.toml"), core::kCsvInput, code) ==
        f.file("big.toml") + ": is 3221225472 bytes; a CSV file may be at most 2048 MB");
}

TEST_CASE("special files are refused without being read or waited on, exit 66") {
  Folder f;
  core::Exit code{};
  CHECK(message_of("/dev/zero", core::kImageInput, code) ==
        "/dev/zero: is a character device, not a regular file; balint reads only regular files");
  CHECK(code == core::Exit::no_input);
  fs::create_symlink("/dev/zero", f.file("logo.png"));
  CHECK(message_of(f.file("logo.png"), core::kImageInput, code) ==
        f.file("logo.png") +
            ": is a character device, not a regular file; balint reads only regular files");
  REQUIRE(::mkfifo(f.file("pipe.csv").c_str(), 0600) == 0);  // no writer: open would block
  CHECK(message_of(f.file("pipe.csv"), core::kCsvInput, code) ==
        f.file("pipe.csv") +
            ": is a FIFO (named pipe), not a regular file; balint reads only regular files");
  CHECK(code == core::Exit::no_input);
  CHECK(message_of(f.dir.string(), core::kPdfInput, code) ==
        f.dir.string() + ": is a folder, not a file");
  CHECK(message_of(f.file("none.pdf"), core::kPdfInput, code) ==
        f.file("none.pdf") + ": no such file");
  CHECK(code == core::Exit::no_input);
  CHECK_THROWS_AS(core::check_input(f.file("pipe.csv"), core::kFontInput), core::NoInputError);
}

TEST_CASE("limits read as documented") {
  CHECK(core::size_words(core::kCsvInput.max_bytes) == "2048 MB");
  CHECK(core::size_words(core::kRuleInput.max_bytes) == "1 MB");
  CHECK(core::size_words(core::kTemplateInput.max_bytes) == "1 MB");
  CHECK(core::size_words(core::kImageInput.max_bytes) == "10 MB");
  CHECK(core::size_words(core::kFontInput.max_bytes) == "50 MB");
  CHECK(core::size_words(core::kPdfInput.max_bytes) == "64 MB");
  CHECK(core::size_words(1234) == "1234 bytes");
}

TEST_CASE("read_input_if_present: nothing for a missing file, every other refusal as read_input") {
  Folder f;
  CHECK_FALSE(core::read_input_if_present(f.file("absent.toml"), core::kTemplateInput));
  std::ofstream(f.file("t.toml")) << "a = 1\n";
  auto text = core::read_input_if_present(f.file("t.toml"), core::kTemplateInput);
  REQUIRE(text);
  CHECK(*text == "a = 1\n");
  CHECK_THROWS_AS(core::read_input_if_present(f.dir.string(), core::kTemplateInput),
                  core::NoInputError);  // a folder is there: refused, not "missing"
  constexpr core::InputKind kTiny{"a tiny file", 3};
  CHECK_THROWS_AS(core::read_input_if_present(f.file("t.toml"), kTiny), core::DataError);
}

TEST_CASE("refusal_reason drops the path a refusal starts with, and only that") {
  Folder f;
  const std::string dir = f.dir.string();
  try {
    core::read_input(dir, core::kRuleInput);
    FAIL("a folder was read");
  } catch (const core::Error& e) {
    CHECK(std::string(e.what()) == dir + ": is a folder, not a file");
    CHECK(core::refusal_reason(e, dir) == "is a folder, not a file");
    CHECK(core::refusal_reason(e, "elsewhere") == dir + ": is a folder, not a file");
  }
}
