// KafkaMockCluster: an in-process Kafka cluster for tests (librdkafka's mock cluster).
//
// The brokers speak the real Kafka wire protocol on 127.0.0.1 (ephemeral ports), support
// consumer groups and the idempotent producer, and keep everything in memory — only the newest
// ~5 MiB or 100,000 batches per partition, so size test data accordingly. On construction the
// topics ar.events and ar.events.dlq exist with `partitions` partitions each.
//
// Usage:
//   KafkaMockCluster cluster;                       // 3 brokers, 8 partitions per topic
//   EventLog::Open(cluster.spec(), kEventsTopic, {}, &log);
//   rd_kafka_mock_broker_set_down(cluster.mock(), 1);   // fault injection: see rdkafka_mock.h
//
// Ownership: the cluster owns its brokers; destroy every client connected to it first
// (declare the cluster before the logs that use it). librdkafka's own logs are discarded.
// Thread-safety: the accessors are const and safe from any thread; librdkafka's mock API
// functions may be called from any thread.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <string>

namespace arledger::testing {

class KafkaMockCluster {
 public:
  struct Options {
    int brokers = 3;             // Broker ids are 1..brokers.
    int partitions = 8;          // Of each topic created at construction.
    int replication_factor = 3;  // At most `brokers`.
  };

  KafkaMockCluster() : KafkaMockCluster(Options()) {}
  explicit KafkaMockCluster(const Options& options);  // Aborts the test binary on failure.
  ~KafkaMockCluster();
  KafkaMockCluster(const KafkaMockCluster&) = delete;
  KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

  // "HOST:PORT,HOST:PORT,...": the brokers' addresses, for bootstrap.servers.
  const std::string& bootstraps() const { return bootstraps_; }
  // "kafka:" + bootstraps(): an EventLog spec.
  std::string spec() const { return "kafka:" + bootstraps_; }
  // For fault injection through rdkafka_mock.h (broker down/up, request errors, latency).
  rd_kafka_mock_cluster_t* mock() const { return mock_; }

  // Creates another topic; aborts the test binary on failure.
  void CreateTopic(const std::string& topic, int partitions);

 private:
  Options options_;
  rd_kafka_t* handle_ = nullptr;  // The client the mock cluster lives in.
  rd_kafka_mock_cluster_t* mock_ = nullptr;
  std::string bootstraps_;
};

}  // namespace arledger::testing
