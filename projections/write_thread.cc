// WriteThread: a queue of writes and the one thread that runs them.
#include "projections/write_thread.h"

#include <utility>

namespace arledger {

WriteThread::WriteThread() : thread_([this] { Loop(); }) {}

WriteThread::~WriteThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

std::future<Status> WriteThread::Post(std::function<Status()> write) {
  std::packaged_task<Status()> task(std::move(write));
  std::future<Status> done = task.get_future();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return done;
}

void WriteThread::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // Stopping, and nothing left to run.
    std::packaged_task<Status()> task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace arledger
