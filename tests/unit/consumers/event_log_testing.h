// Helpers shared by the event log and consume loop tests: making records, reading a bounded
// number back, and checking what was read. Not thread-safe (each test drives its own reader).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "tests/support/kafka_mock_cluster.h"

namespace arledger::testing {

// The default bound on how long a test waits for records that should arrive.
inline constexpr int kReadTimeoutMs = 10000;

// One mock cluster (3 brokers) for the whole test binary, destroyed after the last test.
// Shared because destroying a mock cluster that has had clients costs about a second in
// librdkafka 2.0.2 (its broker threads finish a timed wait); tests take fresh topics instead.
KafkaMockCluster& SharedKafkaCluster();

// A topic name not used before in this process, e.g. "events-7".
std::string FreshTopicName(const std::string& prefix);

// Creates a fresh topic of `partitions` partitions on the shared cluster and returns its name.
std::string FreshKafkaTopic(const std::string& prefix, int partitions = 8);

// `count` records with keys key-0..key-(keys-1) in turn and values "<prefix>-<i>".
std::vector<AppendRecord> MakeRecords(size_t count, size_t keys, const std::string& prefix);

// Polls until `count` records have been read or `timeout_ms` passes; returns what was read.
std::vector<LogRecord> ReadAtLeast(LogReader* reader, size_t count,
                                   int timeout_ms = kReadTimeoutMs);

// Polls briefly and returns whatever arrives: for checking that nothing more is there.
std::vector<LogRecord> ReadExtra(LogReader* reader, int quiet_ms = 300);

// Next offset per partition after `records` (which must start at `start`).
std::vector<int64_t> NextOffsetsAfter(const std::vector<int64_t>& start,
                                      const std::vector<LogRecord>& records);

// "partition:offset" -> count, for exactly-once checks.
std::map<std::string, int> CountPositions(const std::vector<LogRecord>& records);

// Opens a reader from offset 0 of every partition; fails the test on error.
std::unique_ptr<LogReader> ReaderFromStart(EventLog* log);

}  // namespace arledger::testing
