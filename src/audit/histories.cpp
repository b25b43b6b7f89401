// The audit's reading: an EntryScan shared out over threads.
#include "balint/audit/histories.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "balint/store/bulk.hpp"

namespace balint::audit {
namespace {

// Slices of the entry table per thread: a slice whose rows take longer to read does not leave
// the other threads idle for long.
constexpr std::size_t kSlicesPerThread = 8;

// What an audit reads of an entry: all but its source (the file and line it was imported
// from), which no check, figure or column of an audit looks at. Leaving its three columns out
// spares a tenth of the reading.
constexpr store::EntryFields kAudited =
    store::EntryFields::all().without(store::EntryFields::source);

// Runs work(t) for t = 0 .. threads - 1, work(0) on this thread and the others on threads of
// their own; once all have finished, rethrows the first exception any of them threw.
template <class Work>
void on_threads(unsigned threads, const Work& work) {
  std::vector<std::exception_ptr> failed(threads);
  auto run = [&](unsigned t) {
    try {
      work(t);
    } catch (...) {
      failed[t] = std::current_exception();
    }
  };
  std::vector<std::thread> others;
  for (unsigned t = 1; t < threads; ++t) others.emplace_back(run, t);
  run(0);
  for (auto& th : others) th.join();
  for (auto& f : failed)
    if (f) std::rethrow_exception(f);
}

}  // namespace

void for_each_history(
    const store::HistoryReader& reader, const std::vector<std::string>& people, unsigned threads,
    const std::function<void(unsigned, std::size_t, const domain::PersonHistory&)>& fn) {
  if (threads <= 1 || !reader.scan_pays(people.size())) {
    std::size_t i = 0;
    reader.for_each(
        people, [&](const domain::PersonHistory& h) { fn(0, i++, h); }, kAudited);
    return;
  }
  store::EntryScan scan(reader, people, kSlicesPerThread * threads, kAudited);
  std::atomic<std::size_t> next{0};
  on_threads(threads, [&](unsigned) {
    for (std::size_t k; (k = next.fetch_add(1)) < scan.slices();) scan.read(k);
  });
  scan.finish();
  // People shared out as the threads ask for them, those with the most entries first: no
  // thread is left with a long history to finish alone, and the history a thread reuses only
  // ever shrinks, so the strings of its entries are reused rather than made anew.
  std::vector<std::size_t> queue(people.size());
  for (std::size_t k = 0; k < queue.size(); ++k) queue[k] = k;
  std::stable_sort(queue.begin(), queue.end(), [&](std::size_t a, std::size_t b) {
    return scan.entries_of(a) > scan.entries_of(b);
  });
  next = 0;
  on_threads(threads, [&](unsigned t) {
    domain::PersonHistory h;
    for (std::size_t k; (k = next.fetch_add(1)) < queue.size();) {
      scan.history(queue[k], h);
      fn(t, queue[k], h);
    }
  });
}

}  // namespace balint::audit
