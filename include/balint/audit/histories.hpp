#pragma once
// How an audit reads a society's histories: the store's entry scan shared out over threads.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "balint/domain/model.hpp"

namespace balint::store {
class HistoryReader;
}

namespace balint::audit {

/// The history of each of `people` (ids in the ledger; UsageError otherwise), handed to
/// `fn(worker, index, history)` on one of at most `threads` threads (worker 0 is the calling
/// thread). With more than one thread and enough people for a scan to pay, the entry table
/// is read once in slices that the threads take in turn, then people are handed to the
/// workers as they ask, those with the most entries first (so in no particular order of
/// `people`); otherwise everything happens on the calling thread in the order of `people`.
/// Entries come without their source (empty), which nothing in an audit looks at.
/// `fn` must be safe to call from several threads at once for different people; the history
/// is only valid during the call. The first exception of a worker is rethrown once all have
/// stopped.
void for_each_history(
    const store::HistoryReader& reader, const std::vector<std::string>& people, unsigned threads,
    const std::function<void(unsigned, std::size_t, const domain::PersonHistory&)>& fn);

}  // namespace balint::audit
