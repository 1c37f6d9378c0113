// Integration fixture: a LedgerService over either backend — the embedded journal in a temp
// directory, or Kafka through librdkafka's mock cluster (3 brokers, 8 partitions, loopback).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "service/ledger_service.h"
#include "tests/support/kafka_mock_cluster.h"
#include "tests/support/temp_dir.h"

namespace arledger::testing {

enum class Backend { kJournal, kKafka };
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class ServiceFixture {
 public:
  explicit ServiceFixture(Backend backend);
  ~ServiceFixture();

  const std::string& log_spec() const { return log_spec_; }
  std::string NewStoreDirectory();

  // Opens and starts a service over the log with the given store.
  std::unique_ptr<LedgerService> StartService(const std::string& store_directory);
  // Appends raw records to ar.events (bypassing the service's validation).
  std::vector<LogPosition> AppendRaw(const std::vector<AppendRecord>& records);
  // Waits (bounded) until the service has applied everything in the log.
  void WaitCaughtUp(LedgerService& service);
  // Every record on the dead-letter topic, decoded.
  std::vector<v1::DeadLetter> ReadDeadLetters(size_t expected, int timeout_ms = 10000);

 private:
  std::unique_ptr<KafkaMockCluster> cluster_;
  std::unique_ptr<TempDir> directory_;
  std::string log_spec_;
  int stores_ = 0;
};

}  // namespace arledger::testing
