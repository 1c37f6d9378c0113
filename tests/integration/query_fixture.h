// Fixture for the GET query route tests: a LedgerService on the embedded journal in a temp
// directory, served by RunningApi on an ephemeral 127.0.0.1 port, with helpers to publish
// events written as protobuf JSON and to read an answer back into its API message.
//
// Owns the service and the server; both stop when the test ends. Not thread-safe: one test
// thread drives it. Nothing is durable beyond the test's temp directory.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/events.pb.h"
#include "tests/integration/service_fixture.h"

namespace arledger::testing {

// An envelope for `account_id` dated noon UTC on `date`, its body given as the JSON of one
// EventEnvelope body field, e.g. R"("promise_made":{"promise_id":"P1",...})".
v1::EventEnvelope JsonEvent(const std::string& event_id, const std::string& account_id,
                            const std::string& date, const std::string& body_json);

// Money as protobuf JSON: Money(30000, "GBP") -> {"amount_minor":30000,"currency":"GBP"}.
std::string Money(int64_t amount_minor, const std::string& currency);

class QueryRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Publishes `events` through the service; every one must be applied.
  void PublishApplied(const std::vector<v1::EventEnvelope>& events);
  // GETs `target`, expects `status_code`, and parses a JSON answer into `answer` (if given).
  void GetJson(const std::string& target, int status_code, google::protobuf::Message* answer);
  httplib::Client& client() { return api_->client(); }

  ServiceFixture fixture_{Backend::kJournal};
  std::unique_ptr<LedgerService> service_;
  std::unique_ptr<RunningApi> api_;
};

}  // namespace arledger::testing
