// The Kafka baseline: a bare librdkafka consumer that assigns every partition from offset 0 and
// only counts records — the rate a replay is compared against.
#pragma once

#include <cstdint>
#include <string>

namespace arledger::bench {

// Counts records until `expected` have arrived (or 60 s pass); returns the count.
int64_t CountTopicRecords(const std::string& bootstraps, const std::string& topic, int partitions,
                          int64_t expected);

}  // namespace arledger::bench
