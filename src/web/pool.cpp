#include "pool.hpp"

namespace balint::web {
namespace {
// How much of the ledger file each pooled connection reads through a memory map (SQLite caps
// it at 2 GB). A dashboard made afresh reads one person's entries, which lie on about a
// thousand pages of a large ledger, more than a connection's own page cache keeps: each was a
// read call (bench/serve/README.md); through the map they come from the kernel's cache.
constexpr std::int64_t kMapBytes = std::int64_t{1} << 30;
}  // namespace

Lease LedgerPool::take() {
  Lease l;
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      l.ledger = std::move(free_.back().ledger);
      l.data_version = free_.back().data_version;
      free_.pop_back();
    }
  }
  const bool opened = !l.ledger;
  if (opened) {
    l.ledger = std::make_unique<store::Ledger>(path_, store::Ledger::Mode::write);
    l.ledger->map_file(kMapBytes);
  }
  const std::int64_t now = l.ledger->data_version();
  if (opened || now != l.data_version) ++generation_;
  l.data_version = now;
  l.changes = l.ledger->changes();
  l.generation = generation_.load();
  return l;
}

void LedgerPool::give_back(Lease l) {
  if (!l.ledger) return;
  // Rows changed through this connection: its own commits leave its data_version alone.
  // (Rolled back or not, a change counts: a page made again needlessly is only slower.)
  if (l.ledger->changes() != l.changes) ++generation_;
  std::lock_guard lock(mu_);
  free_.push_back({std::move(l.ledger), l.data_version});
}

}  // namespace balint::web
