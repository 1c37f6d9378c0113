// ShardThreads: kept shard threads, one round of work at a time.
#include "projections/shard_threads.h"

namespace arledger {

ShardThreads::ShardThreads(size_t shards) : assigned_(shards > 1 ? shards - 1 : 0, 0) {
  for (size_t worker = 0; worker + 1 < shards; ++worker) {
    threads_.emplace_back([this, worker] { Loop(worker); });
  }
}

ShardThreads::~ShardThreads() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void ShardThreads::Run(bool parallel, const std::function<bool(size_t)>& has_work,
                       const std::function<void(size_t)>& fn) {
  if (!parallel || threads_.empty()) {
    for (size_t k = 0; k < shards(); ++k) {
      if (has_work(k)) fn(k);
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = &fn;
    for (size_t worker = 0; worker < threads_.size(); ++worker) {
      assigned_[worker] = has_work(worker + 1) ? 1 : 0;
      running_ += assigned_[worker];
    }
    ++round_;
  }
  wake_.notify_all();
  if (has_work(0)) fn(0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return running_ == 0; });
  task_ = nullptr;
}

void ShardThreads::Loop(size_t worker) {
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || round_ != seen; });
    if (stopping_) return;
    seen = round_;
    if (!assigned_[worker]) continue;
    const std::function<void(size_t)>& task = *task_;
    lock.unlock();
    task(worker + 1);
    lock.lock();
    assigned_[worker] = 0;
    if (--running_ == 0) done_.notify_one();
  }
}

}  // namespace arledger
