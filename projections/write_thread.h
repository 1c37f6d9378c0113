// WriteThread: one kept thread that runs a projector's pipelined writes, one at a time, in the
// order they are handed over.
//
// A thread per write (std::async) started each batch's RocksDB write on a fresh thread, with an
// empty allocator cache and a jemalloc arena of its own for the memtable blocks it allocated.
//
// Thread-safety: Post is called by one thread at a time (the one driving the projector).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "core/status.h"

namespace arledger {

class WriteThread {
 public:
  WriteThread();
  ~WriteThread();  // Runs what was posted, then stops.
  WriteThread(const WriteThread&) = delete;
  WriteThread& operator=(const WriteThread&) = delete;

  // Runs `write` on the thread after everything posted before it; the future holds its Status.
  std::future<Status> Post(std::function<Status()> write);

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::packaged_task<Status()>> queue_;
  bool stopping_ = false;
  std::thread thread_;  // Last: started once the rest is constructed.
};

}  // namespace arledger
