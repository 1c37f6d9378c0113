// KafkaMockCluster: a librdkafka mock cluster in a quiet client, with the two topics made.
#include "tests/support/kafka_mock_cluster.h"

#include <cstdio>
#include <cstdlib>

#include "consumers/event_log.h"

namespace arledger::testing {
namespace {

void DiscardLog(const rd_kafka_t*, int, const char*, const char*) {}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "KafkaMockCluster: %s\n", what.c_str());
  std::abort();
}

}  // namespace

KafkaMockCluster::KafkaMockCluster(const Options& options) : options_(options) {
  if (options.brokers < 1 || options.replication_factor < 1 ||
      options.replication_factor > options.brokers) {
    Die("brokers and replication_factor must satisfy 1 <= replication_factor <= brokers");
  }
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, DiscardLog);
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    Die(std::string("rd_kafka_new: ") + error);
  }
  mock_ = rd_kafka_mock_cluster_new(handle_, options.brokers);
  if (mock_ == nullptr) Die("rd_kafka_mock_cluster_new failed");
  bootstraps_ = rd_kafka_mock_cluster_bootstraps(mock_);
  CreateTopic(kEventsTopic, options.partitions);
  CreateTopic(kDeadLetterTopic, options.partitions);
}

KafkaMockCluster::~KafkaMockCluster() {
  if (mock_ != nullptr) rd_kafka_mock_cluster_destroy(mock_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

void KafkaMockCluster::CreateTopic(const std::string& topic, int partitions) {
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(mock_, topic.c_str(), partitions, options_.replication_factor);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Die("create topic " + topic + ": " + rd_kafka_err2str(err));
  }
}

}  // namespace arledger::testing
