// Fixture for the command route tests: a LedgerService (embedded journal, or Kafka through the
// mock cluster for KafkaCommandsTest), an HttpApi on an ephemeral 127.0.0.1 port with access
// control on, one bearer token per role, and account ACME (collector alice) with invoice INV-1 of
// 1,200.00 GBP issued 2026-01-05, due 2026-02-04, and an authority policy (collector: write-offs up
// to 100.00 GBP; team_leader: up to 10,000.00 GBP and may approve) posted through the API by
// finance.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/state.pb.h"
#include "service/access.h"
#include "tests/integration/service_fixture.h"

namespace arledger::testing {

// Tokens of the test principals; each token's SHA-256 is what the TokenTable holds.
inline constexpr char kAliceToken[] = "token-alice";   // alice, collector (owns ACME)
inline constexpr char kBobToken[] = "token-bob";       // bob, collector
inline constexpr char kLeadToken[] = "token-lena";     // lena, team_leader
inline constexpr char kFinanceToken[] = "token-fred";  // fred, finance
inline constexpr char kBillingToken[] = "token-bill";  // bill, billing
inline constexpr char kAuditorToken[] = "token-ada";   // ada, auditor
inline constexpr char kAdminToken[] = "token-root";    // root, admin

// The test principals' tokens file text (hashes only).
std::string TestTokensFile();
std::shared_ptr<const TokenTable> TestTokens();

struct Reply {
  int status = 0;
  std::string body;
  bool replayed = false;    // Idempotent-Replayed: true
  v1::EventResult result;   // Parsed when the body is an EventResult.
  v1::ErrorResponse error;  // Parsed when the body is an ErrorResponse.
};

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // The log under the service: the embedded journal unless a subclass says Kafka.
  virtual Backend backend() const { return Backend::kJournal; }

  // POSTs `body` to `path` with `token` (none when empty) and the Idempotency-Key `key`.
  Reply Post(const std::string& path, const std::string& body, const std::string& token,
             const std::string& key = "");
  Reply Get(const std::string& path, const std::string& token);
  v1::AccountState Account(const std::string& account_id);
  v1::AccountView View(const std::string& account_id, const std::string& as_of);
  int64_t RecordsInLog();
  // Stops the API and service and starts both again over the same log with a fresh store
  // (a replay from offset 0).
  void RestartWithFreshStore();

  std::unique_ptr<ServiceFixture> fixture_;
  std::unique_ptr<LedgerService> service_;
  std::unique_ptr<RunningApi> api_;
};

class KafkaCommandsTest : public CommandsTest {
 protected:
  Backend backend() const override { return Backend::kKafka; }
};

}  // namespace arledger::testing
