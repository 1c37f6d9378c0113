// ShardThreads: a projector's shard threads, started once and kept for its lifetime, so that
// shard k always folds, decodes and writes on the same thread.
//
// Why not a thread per batch: a new thread starts with an empty allocator cache and is given
// an arena of its own by jemalloc, so every batch's accounts were grown on one arena and freed
// to another. Kept threads (and the kept writer, write_thread.h) took a full-size journal
// replay from 101k-115k to 129k-145k events/s and the apply benchmark from 0.41-0.57x to
// 0.76-0.80x of raw WriteBatch (interleaved runs), with half the system time.
//
// Thread-safety: Run is called by one thread at a time (the one driving the projector).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace arledger {

class ShardThreads {
 public:
  // Starts shards - 1 threads: shard 0 runs on the caller's.
  explicit ShardThreads(size_t shards);
  ~ShardThreads();
  ShardThreads(const ShardThreads&) = delete;
  ShardThreads& operator=(const ShardThreads&) = delete;

  size_t shards() const { return threads_.size() + 1; }

  // Calls fn(k) for every k < shards() with has_work(k), and returns once all are done. When
  // `parallel`, shard 0 runs on the calling thread and shard k on thread k - 1, all at once;
  // otherwise every shard runs on the calling thread, in order (cheaper for a few events).
  void Run(bool parallel, const std::function<bool(size_t)>& has_work,
           const std::function<void(size_t)>& fn);

 private:
  void Loop(size_t worker);

  std::mutex mutex_;
  std::condition_variable wake_;  // A new round, or stopping.
  std::condition_variable done_;  // The round's last worker finished.
  const std::function<void(size_t)>* task_ = nullptr;
  std::vector<char> assigned_;  // Per worker: has shard worker + 1 work this round.
  uint64_t round_ = 0;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace arledger
