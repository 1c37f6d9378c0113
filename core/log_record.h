// LogRecord: one record of the event log as the consumer saw it, with its position.
//
// The value holds the exact bytes stored in the log: the hash chain and the idempotency
// check hash these bytes, never a re-serialisation. Plain value type.
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
  std::string key;    // account_id for event records.
  std::string value;  // Serialised EventEnvelope (or garbage: the consumer must cope).
};

}  // namespace arledger
