// Murmur2: the 32-bit hash Kafka's Java client uses to choose a partition from a record key.
//
// Exposed so that tests can check the raw hash against the Java client's published values;
// callers choose partitions with PartitionForKey (event_log.h). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace arledger {

// org.apache.kafka.common.utils.Utils.murmur2(byte[]): seed 0x9747b28c, the result as Java's
// signed int.
int32_t Murmur2(std::string_view bytes);

}  // namespace arledger
