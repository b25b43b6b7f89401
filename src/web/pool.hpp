#pragma once
// Private to web: the server's open ledgers, and the generation that says whether the ledger may
// have changed since a page was made from it.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "balint/store/ledger.hpp"

namespace balint::web {

/// One open ledger lent to one request, with what it was taken with.
struct Lease {
  std::unique_ptr<store::Ledger> ledger;
  /// The pool's generation, read after this connection was checked for other writers'
  /// commits: a page made from the ledger during this request is as new as this generation.
  std::uint64_t generation = 0;
  std::int64_t data_version = 0;  ///< the connection's data_version when taken
  std::int64_t changes = 0;       ///< its total changes when taken
};

/// Open ledgers handed to one request at a time (each worker thread keeps one busy), and a
/// generation counter that grows whenever the ledger may have changed:
///  - on taking a connection, when its `PRAGMA data_version` differs from the one it had when
///    last taken (another connection committed: a command-line `balint log`, a certificate
///    register, another request's connection), and whenever a new connection opens (it has no
///    earlier value to compare);
///  - on giving one back, when rows were changed through it (its own commits do not change
///    its data_version), before the request's response is sent.
/// A page made during a request whose lease has generation G is current while the generation
/// is still G: any commit after the request's check raises it before a later request reads it.
class LedgerPool {
 public:
  explicit LedgerPool(std::string path) : path_(std::move(path)) {}
  Lease take();
  void give_back(Lease lease);
  std::uint64_t generation() const { return generation_.load(); }

 private:
  struct Idle {
    std::unique_ptr<store::Ledger> ledger;
    std::int64_t data_version = 0;  // when last taken
  };
  std::string path_;
  std::mutex mu_;
  std::vector<Idle> free_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace balint::web
