// Helpers shared by the auditor tools' tests (audit-chain, history, archive): a mock Kafka
// cluster for the whole binary, a deterministic portfolio of events, appends, replay digests,
// and rewriting a journal record behind a store's back. Each fails the current test on error.
// Not thread-safe; the cluster is shared, tests take fresh topics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "consumers/event_log.h"
#include "tests/support/kafka_mock_cluster.h"

namespace arledger::testing {

// One 3-broker mock cluster for the whole test binary (destroying one costs about a second),
// destroyed after the last test.
KafkaMockCluster& SharedAuditCluster();
// Creates a topic not used before in this process on the shared cluster; returns its name.
std::string FreshAuditTopic(int partitions);

// `accounts` accounts (ACC-0...), each opened and then invoiced in turn until `events` events
// in all; amounts and dates differ by event so that every record's bytes are distinct.
std::vector<v1::EventEnvelope> Portfolio(int accounts, int events);

// Appends `events` keyed by account; timestamp_ms 0 lets the log stamp them.
void AppendEvents(EventLog* log, const std::vector<v1::EventEnvelope>& events,
                  int64_t timestamp_ms = 0);

// Replays the whole of `log` into a new store at `directory`; returns the combined digest.
std::string ReplayDigest(EventLog* log, const std::string& directory);

// Replaces the value of the record at (partition, offset) of the journal topic at
// `journal_topic_directory` (DIR/<topic>), keeping its key and timestamp. No EventLog may
// have the journal open.
void RewriteJournalRecord(const std::string& journal_topic_directory, int32_t partition,
                          int64_t offset, const std::string& value);

// Deletes the records of `partition` from `from_offset` on, as a lost or cut log would be.
void TruncateJournal(const std::string& journal_topic_directory, int32_t partition,
                     int64_t from_offset);

}  // namespace arledger::testing
