// HttpAppender: a background thread that keeps posting new events to whichever ledgerd is
// listening right now, for the crash harness, and remembers which ones ledgerd acknowledged.
//
// Each request carries one invoice (a fresh event_id, never retried, so a record is in the log
// at most once). An acknowledgement is an HTTP 200/202 whose result names the event's log
// position: ledgerd appended it durably before answering. A request that fails (the child was
// killed mid-request) is counted as unacknowledged; its event may or may not be in the log.
//
// Ownership: owns its thread; the destructor stops and joins it. Bounded: at most
// kAppendEventsMax requests, each with a bounded timeout. Thread-safety: every public method may
// be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/log_record.h"

namespace arledger::testing {

struct AckedEvent {
  std::string event_id;
  std::string account_id;
  LogPosition position;
};

class HttpAppender {
 public:
  static constexpr int kAppendEventsMax = 20000;
  static constexpr int kPauseBetweenPostsMs = 2;
  static constexpr int kRequestTimeoutMs = 10000;  // Above ledgerd's 5 s apply wait.

  HttpAppender();
  ~HttpAppender();

  // The port of the ledgerd to post to; 0 while none is listening.
  void SetPort(int port) { port_ = port; }
  // Stops posting (after the request in flight) and joins the thread.
  void Stop();

  std::vector<AckedEvent> acked() const;
  int attempted() const { return attempted_; }

 private:
  void Run();
  void PostOne(int port, int sequence);

  std::atomic<int> port_{0};
  std::atomic<bool> stop_{false};
  std::atomic<int> attempted_{0};
  mutable std::mutex mutex_;
  std::vector<AckedEvent> acked_;  // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace arledger::testing
