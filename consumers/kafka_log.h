// The Kafka backend of EventLog (internal to consumers/; reached through EventLog::Open).
//
// Append goes through one idempotent producer (kafka_producer.h): OK means acknowledged by all
// in-sync replicas. EndOffsets asks each partition leader for its high watermark. Readers are
// separate consumers with explicit assignment (kafka_reader.h). The partition count is read from
// topic metadata at Open (bounded by EventLogOptions::kafka_metadata_timeout_ms); a topic that
// does not exist is NotFound — topics are created by operators (ops/), never implicitly here.
// Thread-safety: as EventLog. Destroy only after every Append has returned; readers are
// independent clients and may outlive the log.
#pragma once

#include <memory>
#include <string>

#include "consumers/event_log.h"

namespace arledger::kafka {

// Opens `topic` on the cluster reached through `brokers` ("HOST:PORT[,HOST:PORT...]").
Status OpenKafkaLog(const std::string& brokers, const std::string& topic,
                    const EventLogOptions& options, std::unique_ptr<EventLog>* log);

}  // namespace arledger::kafka
