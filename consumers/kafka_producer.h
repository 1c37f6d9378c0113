// KafkaProducer: librdkafka's idempotent producer, with Append-style "produce a batch and wait
// for every delivery report" (internal to consumers/).
//
// Configuration: enable.idempotence=true, acks=all, partitioner=murmur2_random (Java-client
// compatible for keyed records), message.timeout.ms = the append timeout, so librdkafka itself
// gives up on a record within the bound and reports it, rather than delivering it later.
// A background thread serves delivery reports; each Produce waits (bounded) for its own.
//
// Durability: when Produce returns OK every record was acknowledged by all in-sync replicas.
// On any failure the Status names the librdkafka error; records reported "unknown" (the wait
// ran out first) may still be delivered — never silently: the caller is told.
// Thread-safety: Produce may be called from many threads at once. Destroy only after every
// Produce has returned.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "consumers/event_log.h"
#include "consumers/kafka_common.h"

namespace arledger::kafka {

class KafkaProducer {
 public:
  // `client_settings`: the operator's librdkafka settings, applied before arledger's own.
  static Status Open(const std::string& brokers, int append_timeout_ms,
                     const Settings& client_settings, std::unique_ptr<KafkaProducer>* producer);
  ~KafkaProducer();
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  rd_kafka_t* handle() const { return handle_.get(); }

  // Produces every record to `topic` (partition -1: librdkafka's murmur2 of the key) and waits
  // for all delivery reports; `positions[i]` is where records[i] landed.
  Status Produce(rd_kafka_topic_t* topic, const std::vector<AppendRecord>& records,
                 std::vector<LogPosition>* positions);

 private:
  struct Batch;
  struct Slot;

  KafkaProducer() = default;
  static void OnDelivery(rd_kafka_t* handle, const rd_kafka_message_t* message, void* opaque);
  Status Enqueue(rd_kafka_topic_t* topic, const AppendRecord& record, Slot* slot);
  Status Collect(const std::shared_ptr<Batch>& batch, std::vector<LogPosition>* positions);
  void ServeDeliveryReports();

  int append_timeout_ms_ = 0;
  Handle handle_;
  std::thread reporter_;  // Runs ServeDeliveryReports.
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;                   // Guards every Batch's fields.
  std::condition_variable delivered_;  // Signalled for each delivery report.
};

}  // namespace arledger::kafka
