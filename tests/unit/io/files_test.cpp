// Output files written whole or not at all: staged beside their name, published, withdrawn;
// an existing file replaced only when asked; a killed run's staging folder recovered.
#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"
#include "balint/io/files.hpp"

using namespace balint;
namespace fs = std::filesystem;

namespace {

using balint::testing::TempDir;

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

TEST_CASE("a staged file appears only when published, with the mode asked for") {
  TempDir t;
  std::string path = t.file("out.pdf");
  {
    io::StagedFile f(path, "data", 0600);
    CHECK_FALSE(io::file_exists(path));
    CHECK(files_in(t.path) == 1);  // the temporary file
  }
  CHECK(files_in(t.path) == 0);  // removed when not published
  {
    io::StagedFile f(path, "data", 0600);
    f.publish(false);
  }
  CHECK(core::read_input(path, core::kPdfInput) == "data");
  CHECK(mode_of(path) == 0600);
  CHECK(files_in(t.path) == 1);
}

TEST_CASE("an existing file is replaced only when asked") {
  TempDir t;
  std::string path = t.file("key");
  io::write_file(path, "one", 0600, false);
  CHECK_THROWS_AS(io::write_file(path, "two", 0600, false), core::WriteError);
  CHECK(core::read_input(path, core::kPdfInput) == "one");
  CHECK(files_in(t.path) == 1);
  io::write_file(path, "two", 0600, true);
  CHECK(core::read_input(path, core::kPdfInput) == "two");
}

TEST_CASE("withdraw removes a published file") {
  TempDir t;
  std::string path = t.file("c.pdf");
  io::StagedFile f(path, "x");
  f.publish(false);
  CHECK(io::file_exists(path));
  f.withdraw();
  CHECK_FALSE(io::file_exists(path));
}

TEST_CASE("a file is not staged into a missing folder") {
  TempDir t;
  CHECK_THROWS_AS(io::StagedFile(t.file("no/such/dir/x.pdf"), "x"), core::WriteError);
}

TEST_CASE("recover_staging places what the register claims and removes the rest") {
  TempDir t;
  fs::path stale = t.path / ".balint-staging.AAAAAA";
  fs::create_directory(stale);
  fs::permissions(stale, fs::perms::owner_all);
  io::write_file((stale / "a.pdf.111111").string(), "registered", 0644, false);
  io::write_file((stale / "b.pdf.222222").string(), "never committed", 0644, false);
  io::write_file(t.file("c.pdf"), "old revision", 0644, false);
  io::write_file((stale / "c.pdf.333333").string(), "new revision", 0644, false);
  std::vector<std::string> offered;
  auto placed = io::recover_staging(t.path.string(), [&](const std::string& staged) {
    offered.push_back(fs::path(staged).filename().string());
    std::string bytes = core::read_input(staged, core::kPdfInput);
    if (bytes == "registered") return t.file("a.pdf");
    if (bytes == "new revision") return t.file("c.pdf");
    return std::string();
  });
  CHECK(offered == std::vector<std::string>{"a.pdf.111111", "b.pdf.222222", "c.pdf.333333"});
  CHECK(placed == std::vector<std::string>{t.file("a.pdf"), t.file("c.pdf")});
  CHECK(core::read_input(t.file("a.pdf"), core::kPdfInput) == "registered");
  CHECK(core::read_input(t.file("c.pdf"), core::kPdfInput) == "new revision");
  CHECK_FALSE(fs::exists(stale));  // with the file nobody claimed
  CHECK(files_in(t.path) == 2);
}

TEST_CASE("recover_staging leaves a live run's folder and never replaces a special file") {
  TempDir t;
  {
    io::StagingFolder live(t.path.string());  // held locked while it lives
    io::write_file((fs::path(live.path()) / "x.pdf.1").string(), "x", 0644, false);
    int offered = 0;
    auto placed = io::recover_staging(t.path.string(), [&](const std::string&) {
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
  REQUIRE(kept.filename().string().rfind(io::kStagingPrefix, 0) == 0);
  REQUIRE(::mkfifo(t.file("x.pdf").c_str(), 0600) == 0);
  CHECK_THROWS_AS(
      io::recover_staging(t.path.string(), [&](const std::string&) { return t.file("x.pdf"); }),
      core::WriteError);
  CHECK(fs::exists(kept / "x.pdf.1"));  // kept: the register's file is not lost
  CHECK(fs::is_fifo(t.file("x.pdf")));
  fs::remove(t.file("x.pdf"));
  auto placed =
      io::recover_staging(t.path.string(), [&](const std::string&) { return t.file("x.pdf"); });
  CHECK(placed.size() == 1);
  CHECK(core::read_input(t.file("x.pdf"), core::kPdfInput) == "x");
  CHECK_FALSE(fs::exists(kept));
}
