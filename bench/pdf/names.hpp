#pragma once
// The same 1,000 names for every benchmark program (names.py mirrors this list).
#include <string>
#include <vector>

namespace bench {

inline std::vector<std::string> names(int n) {
  const std::vector<std::string> first{"Ζωή",        "Cailín",  "Jürgen", "Helen",
                                       "Αλέξανδρος", "Siobhán", "Łukasz", "Zoë",
                                       "François",   "Ingrid",  "Dmitri", "Ana"};
  const std::vector<std::string> last{"Παπαδοπούλου", "Ó Briain",  "Weiß",   "Barker",  "Νικολάου",
                                      "Ní Bhriain",   "Wójcik",    "Brontë", "Lefèvre", "Sørensen",
                                      "Смирнов",      "Gonçalves", "Müller"};
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(first[static_cast<std::size_t>(i) % first.size()] + " " +
                  last[static_cast<std::size_t>(i / 7) % last.size()]);
  return out;
}

}  // namespace bench
