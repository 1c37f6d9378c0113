// KafkaReader: a LogReader over every partition of a Kafka topic (internal to consumers/).
//
// A librdkafka consumer with explicit assignment at the caller's start offsets — the offsets
// come from the projection store, never from group commits, so it neither joins a group nor
// commits (enable.auto.commit=false, enable.auto.offset.store=false). auto.offset.reset=error:
// a start offset the cluster no longer holds is an error, not a silent jump.
// Poll waits (bounded) for the first record, then drains what is already fetched. Transient
// errors (brokers down, leadership moves) are retried by librdkafka and do not surface; fatal
// ones (offset out of range, unknown partition, a gap in offsets) are returned.
// Thread-safety: one thread at a time, like every LogReader.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "consumers/kafka_common.h"

namespace arledger::kafka {

// `client_settings`: the operator's librdkafka settings, applied before arledger's own.
Status OpenKafkaReader(const std::string& brokers, const std::string& topic,
                       const std::vector<int64_t>& start_offsets, const ReaderOptions& options,
                       const Settings& client_settings, std::unique_ptr<LogReader>* reader);

}  // namespace arledger::kafka
