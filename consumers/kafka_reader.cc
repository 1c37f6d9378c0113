// KafkaReader: explicit assignment, bounded polls, errors converted to Status.
#include "consumers/kafka_reader.h"

#include <algorithm>
#include <chrono>

namespace arledger::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// Bound on how long the broker holds a fetch with no data (ReaderOptions::rereads).
constexpr char kFetchWaitMaxMs[] = "100";
constexpr char kRereadFetchWaitMaxMs[] = "10";

// A seek waits until the fetchers have moved: only then is nothing fetched for the old
// positions handed over (rd_kafka_seek_partitions). Without a bound: moving them is local work
// (microseconds, librdkafka's maintainers say, and the Go client never bounds it), and
// librdkafka 2.0 reads a seek's bound in the wrong unit (fixed in 2.1): a bound of 10 s timed
// out on a loaded machine here.
constexpr int kSeekTimeoutMs = -1;  // librdkafka: -1 waits without a bound.

// Every partition of `topic`, each at `offsets[p]`.
TopicPartitionList PartitionsAt(const std::string& topic, const std::vector<int64_t>& offsets) {
  TopicPartitionList partitions(
      rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (size_t p = 0; p < offsets.size(); ++p) {
    rd_kafka_topic_partition_list_add(partitions.get(), topic.c_str(), static_cast<int32_t>(p))
        ->offset = offsets[p];
  }
  return partitions;
}

// Errors after which reading cannot go on correctly; the rest librdkafka retries itself.
bool IsFatalForReader(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__FATAL:
      return true;
    default:
      return false;
  }
}

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

class KafkaReader final : public LogReader {
 public:
  KafkaReader(std::string topic, Handle consumer, std::vector<int64_t> next_offsets)
      : topic_(std::move(topic)),
        consumer_(std::move(consumer)),
        next_offsets_(std::move(next_offsets)) {}

  ~KafkaReader() override {
    // No group, nothing to commit: closing only stops the fetchers.
    rd_kafka_consumer_close(consumer_.get());
  }

  // Seeks every partition (all are assigned, at OpenKafkaReader), waiting until the fetchers
  // have moved, so that nothing fetched for the old positions is handed over after it. Offsets
  // past a partition's end fail at the next Poll (auto.offset.reset=error).
  Status Seek(const std::vector<int64_t>& next_offsets) override {
    if (next_offsets.size() != next_offsets_.size()) {
      return InvalidArgument("seek needs " + std::to_string(next_offsets_.size()) +
                             " offsets, got " + std::to_string(next_offsets.size()));
    }
    if (std::any_of(next_offsets.begin(), next_offsets.end(), [](int64_t o) { return o < 0; })) {
      return InvalidArgument("seek offsets must not be negative");
    }
    TopicPartitionList partitions = PartitionsAt(topic_, next_offsets);
    if (rd_kafka_error_t* error =
            rd_kafka_seek_partitions(consumer_.get(), partitions.get(), kSeekTimeoutMs)) {
      const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
      rd_kafka_error_destroy(error);
      return KafkaStatus(code, "seek " + topic_);
    }
    for (int i = 0; i < partitions->cnt; ++i) {
      const rd_kafka_topic_partition_t& partition = partitions->elems[i];
      ARLEDGER_RETURN_IF_ERROR(KafkaStatus(
          partition.err, "seek " + topic_ + " partition " + std::to_string(partition.partition)));
    }
    next_offsets_ = next_offsets;
    return Status::Ok();
  }

  Status Poll(size_t max_records, int timeout_ms, std::vector<LogRecord>* out) override {
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    size_t read = 0;
    while (read < max_records) {
      // Wait for the first record; after that take only what has already been fetched.
      int wait_ms = 0;
      if (read == 0) {
        wait_ms = static_cast<int>(std::max<int64_t>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())
                   .count()));
      }
      Message message(rd_kafka_consumer_poll(consumer_.get(), wait_ms));
      if (!message) {
        if (read > 0 || wait_ms == 0) break;
        continue;
      }
      bool accepted = false;
      ARLEDGER_RETURN_IF_ERROR(Accept(*message, out, &accepted));
      if (accepted) ++read;
    }
    return Status::Ok();
  }

 private:
  Status Accept(const rd_kafka_message_t& message, std::vector<LogRecord>* out, bool* accepted) {
    *accepted = false;
    if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return Status::Ok();
    if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (!IsFatalForReader(message.err)) return Status::Ok();
      return KafkaStatus(message.err,
                         "read " + topic_ + " partition " + std::to_string(message.partition));
    }
    const int32_t partition = message.partition;
    if (partition < 0 || partition >= static_cast<int32_t>(next_offsets_.size())) {
      return Internal("record from unassigned partition " + std::to_string(partition));
    }
    int64_t& next = next_offsets_[partition];
    if (message.offset < next) return Status::Ok();  // Already delivered: never twice.
    if (message.offset > next) {
      return Corruption(topic_ + " partition " + std::to_string(partition) +
                        " has a gap: expected " + "offset " + std::to_string(next) + ", got " +
                        std::to_string(message.offset));
    }
    LogRecord record;
    record.partition = partition;
    record.offset = message.offset;
    if (message.key != nullptr)
      record.key.assign(static_cast<const char*>(message.key), message.key_len);
    if (message.payload != nullptr) {
      record.value.assign(static_cast<const char*>(message.payload), message.len);
    }
    rd_kafka_timestamp_type_t timestamp_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    const int64_t timestamp_ms = rd_kafka_message_timestamp(&message, &timestamp_type);
    if (timestamp_type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE && timestamp_ms > 0) {
      record.timestamp_ms = timestamp_ms;
    }
    out->push_back(std::move(record));
    ++next;
    *accepted = true;
    return Status::Ok();
  }

  std::string topic_;
  Handle consumer_;
  std::vector<int64_t> next_offsets_;  // Next offset expected per partition.
};

}  // namespace

Status OpenKafkaReader(const std::string& brokers, const std::string& topic,
                       const std::vector<int64_t>& start_offsets, const ReaderOptions& options,
                       const Settings& client_settings, std::unique_ptr<LogReader>* reader) {
  const char* fetch_wait_max_ms = options.rereads ? kRereadFetchWaitMaxMs : kFetchWaitMaxMs;
  Conf conf;
  ARLEDGER_RETURN_IF_ERROR(MakeConf(client_settings,
                                    {{"bootstrap.servers", brokers},
                                     // librdkafka insists on a group for assign(); it is never
                                     // joined (no subscribe) and nothing is committed to it.
                                     {"group.id", "arledger-reader-" + topic},
                                     {"enable.auto.commit", "false"},
                                     {"enable.auto.offset.store", "false"},
                                     {"enable.partition.eof", "false"},
                                     {"auto.offset.reset", "error"},
                                     {"fetch.wait.max.ms", fetch_wait_max_ms}},
                                    &conf));
  Handle consumer;
  ARLEDGER_RETURN_IF_ERROR(NewHandle(RD_KAFKA_CONSUMER, std::move(conf), &consumer));
  rd_kafka_poll_set_consumer(consumer.get());  // One queue: records and errors come together.
  TopicPartitionList assignment = PartitionsAt(topic, start_offsets);
  ARLEDGER_RETURN_IF_ERROR(
      KafkaStatus(rd_kafka_assign(consumer.get(), assignment.get()), "assign " + topic));
  *reader = std::make_unique<KafkaReader>(topic, std::move(consumer), start_offsets);
  return Status::Ok();
}

}  // namespace arledger::kafka
