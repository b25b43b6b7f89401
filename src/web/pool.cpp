#include "pool.hpp"

namespace balint::web {

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
  if (opened) l.ledger = std::make_unique<store::Ledger>(path_, store::Ledger::Mode::write);
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
