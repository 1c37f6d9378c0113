// Shared pieces of the Kafka backend (internal to consumers/): librdkafka errors converted to
// Status where they enter, configuration with errors reported, owning handles, and quiet logs.
//
// librdkafka's own log lines are discarded except at LOG_CRIT and worse (written to stderr):
// every failure that matters to a caller reaches it as a Status instead, so tests stay quiet
// and operators see errors once, through the caller. Thread-safe (no shared state).
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace arledger::kafka {

// A Status naming the librdkafka error and what was being done: "<what>: <NAME> (<text>)".
Status KafkaStatus(rd_kafka_resp_err_t err, const std::string& what);

struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using Conf = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

struct TopicPartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using TopicPartitionList =
    std::unique_ptr<rd_kafka_topic_partition_list_t, TopicPartitionListDeleter>;

using Settings = std::vector<std::pair<std::string, std::string>>;

// A configuration with the operator's `client_settings` applied, then arledger's own `settings`
// (so arledger's win), and the quiet log callback installed.
Status MakeConf(const Settings& client_settings, const Settings& settings, Conf* conf);

// Creates a client of `type`; takes ownership of `conf` on success and on failure.
Status NewHandle(rd_kafka_type_t type, Conf conf, Handle* handle);

}  // namespace arledger::kafka
