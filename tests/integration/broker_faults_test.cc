// Proves that a running LedgerService over Kafka (librdkafka's mock cluster) keeps its promises
// while the brokers misbehave under it: every event Publish reported delivered is applied exactly
// once, nothing Publish reported as failed is silently lost (the caller got an error Status and
// the event is either absent from the log or in it once and applied once — and then the error
// said it was possibly persisted), and the consumer resumes by itself once the faults stop.
//
// How: a publisher thread keeps publishing small batches of fresh invoices through the service
// while the test injects, one after the other: the partitions' leader broker going down and up,
// leaders moving between brokers, transport errors (connections closed on Produce and Fetch),
// NOT_LEADER_FOR_PARTITION and NOT_ENOUGH_REPLICAS on Produce and on Fetch, NOT_LEADER on
// ListOffsets (the consumer's end-offset queries), and a round-trip latency longer than the append
// timeout (so that some Publish calls fail while their records may yet be delivered). Afterwards
// the service must catch up without help; the whole topic is read back and each event_id counted;
// the live store's digest and counters must equal a clean replay's, and the counters must sum to
// the records in the log (each folded once).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "consumers/event_log.h"
#include "projections/projector.h"
#include "service/ledger_service.h"
#include "service/log_scan.h"
#include "service/replay.h"
#include "tests/integration/fault_publisher_testing.h"
#include "tests/support/kafka_mock_cluster.h"
#include "tests/support/temp_dir.h"

namespace arledger::testing {
namespace {

constexpr int kPartitions = 4;
constexpr int16_t kProduceApiKey = 0;  // Kafka protocol ApiKeys.
constexpr int16_t kFetchApiKey = 1;
constexpr int16_t kListOffsetsApiKey = 2;
constexpr int kAppendTimeoutMs = 1000;
constexpr int kSlowRttMs = 2500;  // Well above kAppendTimeoutMs: Publish calls time out.
constexpr int kFaultMs = 600;     // How long each fault lasts.
constexpr int kCatchUpTimeoutMs = 30000;
constexpr int kSettleMs = 500;  // End offsets unchanged this long: no record in flight.
constexpr int kSettleChecksMax = 20;

class BrokerFaultsTest : public ::testing::Test {
 protected:
  BrokerFaultsTest() : cluster_(ClusterOptions()) {}

  static KafkaMockCluster::Options ClusterOptions() {
    KafkaMockCluster::Options options;
    options.partitions = kPartitions;
    return options;
  }

  void SetLeaders(int32_t broker) {
    for (const char* topic : {kEventsTopic, kDeadLetterTopic}) {
      for (int32_t p = 0; p < kPartitions; ++p) {
        ASSERT_EQ(rd_kafka_mock_partition_set_leader(cluster_.mock(), topic, p, broker),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
      }
    }
  }

  void Pause(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

  std::unique_ptr<LedgerService> StartService() {
    ServiceOptions options;
    options.log_spec = cluster_.spec();
    options.store_directory = dir_.path() + "/store";
    options.log_options.append_timeout_ms = kAppendTimeoutMs;
    options.log_options.kafka_metadata_timeout_ms = 5000;
    options.apply_wait_ms_max = 3000;
    options.loop_options.poll_timeout_ms = 20;
    std::unique_ptr<LedgerService> service;
    Status status = LedgerService::Open(options, &service);
    EXPECT_TRUE(status.ok()) << status.ToString();
    if (status.ok()) status = service->Start();
    EXPECT_TRUE(status.ok()) << status.ToString();
    return status.ok() ? std::move(service) : nullptr;
  }

  // Injects the faults one after another while the publisher runs.
  void InjectFaults() {
    rd_kafka_mock_cluster_t* mock = cluster_.mock();
    Pause(kFaultMs);
    // The leader of every partition goes down (the mock moves no leader) and comes back.
    rd_kafka_mock_broker_set_down(mock, 1);
    Pause(kFaultMs);
    rd_kafka_mock_broker_set_up(mock, 1);
    Pause(kFaultMs);
    // Leaders move: 1 -> 2 -> 3.
    SetLeaders(2);
    Pause(kFaultMs);
    SetLeaders(3);
    Pause(kFaultMs);
    // Transport errors: the leader closes the connection on the next requests.
    rd_kafka_mock_broker_push_request_error_rtts(mock, 3, kProduceApiKey, 2,
                                                 RD_KAFKA_RESP_ERR__TRANSPORT, 0,
                                                 RD_KAFKA_RESP_ERR__TRANSPORT, 0);
    rd_kafka_mock_broker_push_request_error_rtts(
        mock, 3, kFetchApiKey, 2, RD_KAFKA_RESP_ERR__TRANSPORT, 0, RD_KAFKA_RESP_ERR__TRANSPORT, 0);
    Pause(kFaultMs);
    // Retriable errors during produce, then during consume.
    rd_kafka_mock_push_request_errors(
        mock, kProduceApiKey, 6, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
    Pause(kFaultMs);
    rd_kafka_mock_push_request_errors(
        mock, kFetchApiKey, 6, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
    rd_kafka_mock_push_request_errors(mock, kListOffsetsApiKey, 2,
                                      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
    Pause(kFaultMs);
    // Latency beyond the append timeout on every broker: Publish calls fail, their records
    // may yet land.
    rd_kafka_mock_broker_set_rtt(mock, -1, kSlowRttMs);
    Pause(2 * kSlowRttMs);
    rd_kafka_mock_broker_set_rtt(mock, -1, 0);
    for (int16_t api : {kProduceApiKey, kFetchApiKey, kListOffsetsApiKey}) {
      rd_kafka_mock_clear_request_errors(mock, api);
    }
    Pause(kFaultMs);
  }

  // The end offsets once they stop moving: a Publish that failed on its timeout may still have
  // records in the producer's queue, delivered a little later.
  std::vector<int64_t> SettledEndOffsets(EventLog& log) {
    std::vector<int64_t> end, before;
    for (int check = 0; check < kSettleChecksMax && (end.empty() || end != before); ++check) {
      before = end;
      Pause(kSettleMs);
      EXPECT_TRUE(log.EndOffsets(&end).ok());
    }
    return end;
  }

  KafkaMockCluster cluster_;
  TempDir dir_;
};

TEST_F(BrokerFaultsTest, DeliveredAppliedOnceFailedNeverSilentConsumerResumes) {
  ASSERT_NO_FATAL_FAILURE(SetLeaders(1));
  std::unique_ptr<LedgerService> service = StartService();
  ASSERT_NE(service, nullptr);
  FaultPublisher publisher(service.get());
  publisher.Start();
  InjectFaults();
  publisher.Stop();
  const FaultPublisher::Outcomes outcomes = publisher.outcomes();
  std::printf("broker faults: %zu events delivered, %zu failed in %d failed Publish calls%s%s\n",
              outcomes.delivered.size(), outcomes.failed.size(), outcomes.failed_calls,
              outcomes.failed.empty() ? "" : ", e.g. ",
              outcomes.failed.empty() ? "" : outcomes.failed.begin()->second.c_str());
  EXPECT_GT(outcomes.delivered.size(), 0u);
  EXPECT_GT(outcomes.failed_calls, 0) << "the latency phase should make some Publish calls fail";

  // The consumer resumes by itself: everything in the log gets applied.
  const std::vector<int64_t> end = SettledEndOffsets(service->events_log());
  ASSERT_EQ(end.size(), static_cast<size_t>(kPartitions));
  for (int32_t p = 0; p < kPartitions; ++p) {
    if (end[p] == 0) continue;
    ASSERT_TRUE(service->WaitForApplied(LogPosition{p, end[p] - 1}, kCatchUpTimeoutMs))
        << "partition " << p << " stuck; loop: " << service->loop_status().ToString();
  }
  ASSERT_TRUE(service->loop_status().ok()) << service->loop_status().ToString();
  ASSERT_TRUE(service->Stop().ok());

  // Each event_id in the whole topic, counted.
  std::map<std::string, int> in_log;
  int64_t records = 0;
  ScanOptions scan;
  ASSERT_TRUE(ScanLog(&service->events_log(), std::vector<int64_t>(kPartitions, 0), end, scan,
                      [&](std::vector<LogRecord>& batch) {
                        for (const LogRecord& record : batch) {
                          v1::EventEnvelope event;
                          EXPECT_TRUE(event.ParseFromString(record.value));
                          ++in_log[event.event_id()];
                          ++records;
                        }
                        return Status::Ok();
                      })
                  .ok());
  for (const auto& [event_id, position] : outcomes.delivered) {
    EXPECT_EQ(in_log[event_id], 1) << event_id << " was reported delivered";
  }
  size_t failed_but_landed = 0;
  for (const auto& [event_id, error] : outcomes.failed) {
    EXPECT_LE(in_log[event_id], 1) << event_id << " was reported failed: " << error;
    // A failure the caller was told is certain must be one: the event is not in the log.
    if (in_log[event_id] == 1) {
      EXPECT_TRUE(error.find("possibly persisted") != std::string::npos ||
                  error.find("may yet be delivered") != std::string::npos)
          << event_id << " is in the log, but its caller was told: " << error;
    }
    failed_but_landed += static_cast<size_t>(in_log[event_id]);
  }
  EXPECT_EQ(records, static_cast<int64_t>(outcomes.delivered.size() + failed_but_landed))
      << "the log holds only what was published, each once";
  std::printf("broker faults: %lld records in the log, %zu of them from failed calls\n",
              static_cast<long long>(records), failed_but_landed);

  // Applied exactly once: the live store equals a clean replay, and every record was counted.
  const Store& live = service->store();
  v1::ProjectionMeta meta;
  ASSERT_TRUE(live.ReadMeta(&meta).ok());
  StoreDigest digest;
  ASSERT_TRUE(live.ComputeDigest(&digest).ok());
  ReplayReport clean;
  ReplayOptions replay;
  replay.stop_offsets = end;
  ASSERT_TRUE(ReplayInto(&service->events_log(), dir_.path() + "/clean", replay, &clean).ok());
  EXPECT_EQ(digest.combined_hex, clean.digest.combined_hex);
  EXPECT_EQ(meta.events_duplicate(), 0);
  EXPECT_EQ(meta.dead_letters(), 0);
  EXPECT_EQ(meta.events_applied() + meta.events_rejected(), records);
  for (const auto& [event_id, position] : outcomes.delivered) {
    v1::EventEnvelope key;
    key.set_event_id(event_id);
    key.set_account_id(FaultPublisher::AccountOf(event_id));
    key.mutable_invoice_issued();
    v1::EventRecord record;
    bool found = false;
    ASSERT_TRUE(live.GetEventRecord(EventDedupeKey(key, 0), &record, &found).ok());
    ASSERT_TRUE(found) << event_id;
    EXPECT_EQ(record.partition(), position.partition) << event_id;
    EXPECT_EQ(record.offset(), position.offset) << event_id;
  }
}

}  // namespace
}  // namespace arledger::testing
