// FaultPublisher: Publish in a loop, outcomes sorted by what the caller was told.
#include "tests/integration/fault_publisher_testing.h"

#include <chrono>

#include "tests/support/event_builders.h"

namespace arledger::testing {

void FaultPublisher::Start() {
  thread_ = std::thread([this] { Run(); });
}

void FaultPublisher::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

FaultPublisher::Outcomes FaultPublisher::outcomes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return outcomes_;
}

std::string FaultPublisher::AccountOf(const std::string& event_id) {
  const int sequence = std::stoi(event_id.substr(event_id.find('-') + 1));
  return "FAULT-" + std::to_string(sequence % kAccounts);
}

void FaultPublisher::Run() {
  int sequence = 0;
  for (int call = 0; call < kPublishCallsMax && !stop_; ++call) {
    std::vector<v1::EventEnvelope> events;
    for (int i = 0; i < kEventsPerCall; ++i, ++sequence) {
      const std::string id = "fault-" + std::to_string(sequence);
      events.push_back(InvoiceIssued(id, AccountOf(id), "INV-" + id, 100 + sequence, "GBP",
                                     "2026-01-05", "2026-02-04"));
    }
    v1::PublishResponse response;
    const Status status = service_->Publish(events, &response);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!status.ok()) {
      ++outcomes_.failed_calls;
      for (const v1::EventEnvelope& event : events) {
        outcomes_.failed[event.event_id()] = status.ToString();
      }
    } else {
      for (const v1::EventResult& result : response.results()) {
        outcomes_.delivered[result.event_id()] = LogPosition{result.partition(), result.offset()};
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kPauseBetweenCallsMs));
  }
}

}  // namespace arledger::testing
