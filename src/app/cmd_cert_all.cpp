// certificate --all: the plan of everyone's certificates (service::plan_all) printed, and with
// --yes issued.
#include <fmt/core.h>

#include <filesystem>
#include <ostream>

#include "balint/core/path.hpp"
#include "balint/io/files.hpp"
#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/render/table.hpp"
#include "balint/service/issuing.hpp"
#include "cmd_cert.hpp"

namespace balint::app {
namespace {

namespace fs = std::filesystem;
using service::CertificateJob;
using service::PlannedCertificate;

// The --all plan: who gets which serial and revision, who is skipped, which files exist.
void print_plan(const Context& ctx, std::ostream& out, const CertificateJob& job,
                const service::BulkPlan& b, bool force) {
  render::Table t{{"person", "name", "serial", "revision", "figures", "file"},
                  {false, false, false, true, false, false},
                  {}};
  for (std::size_t i = 0; i < b.plan.size(); ++i) {
    const PlannedCertificate& is = b.plan[i];
    t.rows.push_back({is.content.person.id, is.content.person.name, is.slot.serial,
                      std::to_string(is.slot.revision), is.content.summary, b.files[i]});
  }
  out << fmt::format("plan: {} under {} ({}), issued {}\n",
                     core::plural(b.plan.size(), "certificate", "certificates"), job.rs.id,
                     job.rs.edition, ctx.as_of.iso());
  t.wrap = 4;  // figures, and the name if need be; the file's path is not broken
  t.also_wrap = {1};
  if (!b.plan.empty()) render::write_text(out, t, ctx.width);
  out << fmt::format("{} new, {} re-issued as duplicates; {} skipped\n",
                     b.plan.size() - b.duplicates, b.duplicates, b.skipped.size());
  for (const auto& s : b.skipped) out << "skipped: " << s.person << " (" << s.why << ")\n";
  for (const auto& f : b.existing)
    out << "exists already: " << f << (force ? " (--force replaces it)" : "") << '\n';
}

}  // namespace

int cmd_certificate_all(Context& ctx, const po::variables_map& vm) {
  std::string dir = opt_str(vm, "out-dir");
  std::string combined = opt_str(vm, "combined");
  if (dir.empty() == combined.empty())
    throw core::UsageError("--all needs one of --out-dir DIR or --combined FILE.pdf");
  if (vm.count("out"))
    throw core::UsageError("--out goes with one person; use --out-dir or --combined");
  bool yes = vm["yes"].as<bool>();
  bool force = vm["force"].as<bool>();
  auto period = period_from(vm, ctx.as_of);
  const auto& cat = ctx.catalogue();
  CertificateJob job = open_job(ctx, vm, cat);
  place_left_behind(ctx, job, dir.empty() ? core::folder_of(combined) : dir);

  auto file_for = [&](const PlannedCertificate& is) {
    return (fs::path(dir) / fmt::format("{}-{}.pdf", is.slot.serial, is.content.person.id))
        .string();
  };
  const service::BulkPlan b = service::plan_all(job, period, file_for, combined);
  // With --yes and --quiet only errors are printed; without --yes the plan is the answer.
  if (!yes || !ctx.quiet) print_plan(ctx, ctx.out, job, b, force);
  if (!yes) {
    ctx.out << "nothing written; add --yes\n";
    return 0;
  }
  // Everyone else is issued; then the run fails (65) naming whom it could not print.
  auto finish = [&] {
    if (b.undrawable.empty()) return 0;
    std::vector<std::string> lines{fmt::format(
        "skipped {} whose name cannot be printed with the installed fonts (the others were "
        "issued):",
        core::plural(b.unprintable, "person", "people"))};
    lines.insert(lines.end(), b.undrawable.begin(), b.undrawable.end());
    throw core::Error(core::Exit::data, lines);
  };
  if (b.plan.empty()) {
    ctx.say("nothing to write");
    return finish();
  }
  // Never a device, FIFO, link ... (even with --force); said first, so that the message does
  // not suggest a --force that would be refused too.
  for (const auto& f : b.existing) io::check_output(f, true);
  if (!b.existing.empty() && !force)
    throw core::WriteError(fmt::format("{}: exists already; add --force to replace {}",
                                       b.existing.front(),
                                       b.existing.size() == 1 ? "it" : "such files"));
  if (!dir.empty()) {
    io::check_output_folder(dir);
    io::make_private_folder(dir);
  }
  auto written = issue(ctx, job, vm, b.people, period, file_for, combined);
  if (!written.empty())
    ctx.committed(fmt::format("{} issued ({} .. {}) to {}",
                              core::plural(written.size(), "certificate", "certificates"),
                              written.front().slot.serial, written.back().slot.serial,
                              combined.empty() ? dir : combined));
  ctx.say(fmt::format("wrote {} to {}", core::plural(written.size(), "certificate", "certificates"),
                      combined.empty() ? dir : combined));
  return finish();
}

}  // namespace balint::app
