// HttpAppender: one invoice per POST /v1/events, acknowledgements parsed from the response.
#include "tests/integration/crash_appender_testing.h"

#include <httplib.h>

#include <chrono>

#include "arledger/v1/api.pb.h"
#include "service/json.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr int kAccounts = 16;  // Appended invoices spread over this many accounts.

}  // namespace

HttpAppender::HttpAppender() : thread_([this] { Run(); }) {}

HttpAppender::~HttpAppender() { Stop(); }

void HttpAppender::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<AckedEvent> HttpAppender::acked() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return acked_;
}

void HttpAppender::Run() {
  for (int sequence = 0; sequence < kAppendEventsMax && !stop_;) {
    // Whether or not it is acknowledged, an event_id is posted once only.
    if (const int port = port_; port != 0) PostOne(port, sequence++);
    std::this_thread::sleep_for(std::chrono::milliseconds(kPauseBetweenPostsMs));
  }
}

void HttpAppender::PostOne(int port, int sequence) {
  const std::string id = std::to_string(sequence);
  const std::string account = "CRASH-" + std::to_string(sequence % kAccounts);
  const v1::EventEnvelope event = InvoiceIssued("crash-" + id, account, "CRASH-INV-" + id,
                                                100 + sequence, "GBP", "2026-01-05", "2026-02-04");
  ++attempted_;
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(kRequestTimeoutMs));
  client.set_read_timeout(std::chrono::milliseconds(kRequestTimeoutMs));
  httplib::Result result = client.Post("/v1/events", ToJson(event), "application/json");
  if (!result || (result->status != 200 && result->status != 202)) return;
  v1::PublishResponse response;
  if (!ParseJson(result->body, &response).ok() || response.results_size() != 1) return;
  const v1::EventResult& answer = response.results(0);
  std::lock_guard<std::mutex> lock(mutex_);
  acked_.push_back(
      AckedEvent{event.event_id(), account, LogPosition{answer.partition(), answer.offset()}});
}

}  // namespace arledger::testing
