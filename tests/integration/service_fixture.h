// Integration fixture: a LedgerService over either backend — the embedded journal in a temp
// directory, or Kafka through librdkafka's mock cluster (3 brokers, 8 partitions, loopback).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "service/http_api.h"
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
  // Read-your-writes bound of the services StartService opens from now on.
  void set_apply_wait_ms_max(int ms) { apply_wait_ms_max_ = ms; }
  std::string NewStoreDirectory();

  // Opens and starts a service over the log with the given store.
  std::unique_ptr<LedgerService> StartService(const std::string& store_directory);
  // The options StartService uses, to adjust before OpenService or StartService.
  ServiceOptions OptionsFor(const std::string& store_directory) const;
  std::unique_ptr<LedgerService> OpenService(const ServiceOptions& options);  // Not started.
  std::unique_ptr<LedgerService> StartService(const ServiceOptions& options);
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
  int apply_wait_ms_max_ = ServiceOptions().apply_wait_ms_max;
};

// An HttpApi serving `service` on an ephemeral 127.0.0.1 port, with a client pointed at it.
// With `tokens`, the API checks bearer tokens (access_routes.h); without, it runs open.
// Stops and joins the server on destruction.
class RunningApi {
 public:
  explicit RunningApi(LedgerService* service, size_t body_bytes_max = 8u << 20,
                      std::shared_ptr<const TokenTable> tokens = nullptr);
  ~RunningApi();
  httplib::Client& client() { return *client_; }
  int port() const;

 private:
  std::unique_ptr<HttpApi> api_;
  std::thread server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace arledger::testing
