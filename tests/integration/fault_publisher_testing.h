// FaultPublisher: a background thread that keeps publishing small batches of fresh invoices
// through a LedgerService, for the broker fault tests, and sorts every event into what Publish
// reported: delivered (OK, with the position it was appended at) or failed (an error Status,
// kept verbatim). An event_id is published once only, so a record is never a retry's copy.
//
// Ownership: borrows the service (it must outlive the publisher) and owns its thread; the
// destructor stops and joins it. Bounded: at most kPublishCallsMax calls of kEventsPerCall.
// Thread-safety: Start, Stop and outcomes belong to the test's thread.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/log_record.h"
#include "service/ledger_service.h"

namespace arledger::testing {

class FaultPublisher {
 public:
  static constexpr int kPublishCallsMax = 5000;
  static constexpr int kEventsPerCall = 4;
  static constexpr int kAccounts = 32;
  static constexpr int kPauseBetweenCallsMs = 5;

  struct Outcomes {
    std::map<std::string, LogPosition> delivered;  // event_id -> where Publish said it landed.
    std::map<std::string, std::string> failed;     // event_id -> the error its call returned.
    int failed_calls = 0;
  };

  explicit FaultPublisher(LedgerService* service) : service_(service) {}
  ~FaultPublisher() { Stop(); }

  void Start();
  void Stop();
  Outcomes outcomes() const;

  // The account an event_id of this publisher belongs to.
  static std::string AccountOf(const std::string& event_id);

 private:
  void Run();

  LedgerService* const service_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  Outcomes outcomes_;  // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace arledger::testing
