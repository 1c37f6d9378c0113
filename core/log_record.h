// LogRecord: one record of the event log as the consumer saw it, with its position.
//
// The value holds the exact bytes stored in the log: the hash chain and the idempotency
// check hash these bytes, never a re-serialisation. The timestamp is the log's own clock for
// the record (Kafka: the message timestamp; journal: the append time, or the timestamp carried
// over by an archive): "what was known when", as opposed to the event's business time. It is
// never an input to the fold. Plain value type.
#pragma once

#include <cstdint>
#include <string>

namespace arledger {

struct LogPosition {
  int32_t partition = 0;
  int64_t offset = 0;
  friend bool operator==(const LogPosition&, const LogPosition&) = default;
};

struct LogRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;           // account_id for event records.
  std::string value;         // Serialised EventEnvelope (or garbage: the consumer must cope).
  int64_t timestamp_ms = 0;  // Milliseconds since the Unix epoch; 0 when the log has none.
};

}  // namespace arledger
