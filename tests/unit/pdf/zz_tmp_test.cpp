#include <doctest/doctest.h>
#include "balint/pdf/render.hpp"
#include "pdf_tools.hpp"
using namespace balint;
TEST_CASE("tmp evidence") {
  std::set<std::string> names{"name","email","person_id","body","date","reference","subject","sample_size","audited","position","seed","period","totals","flagged"};
  auto t = pdf::load_template(pdftest::kTemplates + "/evidence-request.toml", names);
  pdf::Fields f; for (auto& n : names) f[n] = "value of " + n;
  f["totals"] = "group, member: 12 sessions, 18.00 hours\ngroup, co-leader: 3 sessions, 4.50 hours";
  std::ofstream("/tmp/docs-evidence.pdf", std::ios::binary) << pdf::render_pages(t, {f}, {});
}
