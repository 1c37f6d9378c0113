// KafkaLog: EventLog over a KafkaProducer, topic metadata and watermark queries.
#include "consumers/kafka_log.h"

#include <chrono>
#include <thread>

#include "consumers/kafka_producer.h"
#include "consumers/kafka_reader.h"
#include "consumers/kafka_settings.h"

namespace arledger::kafka {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kMetadataRetryBackoffMs = 100;  // Between metadata attempts while a topic settles.

struct TopicDeleter {
  void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
};
using Topic = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

// One metadata request for every topic (a request naming the topic could auto-create it on a
// broker that allows that): `topic`'s partition count, or why there is none.
Status QueryPartitionCount(rd_kafka_t* handle, const std::string& topic, int timeout_ms,
                           int32_t* partition_count) {
  const rd_kafka_metadata_t* metadata = nullptr;
  ARLEDGER_RETURN_IF_ERROR(KafkaStatus(rd_kafka_metadata(handle, 1, nullptr, &metadata, timeout_ms),
                                       "metadata for " + topic));
  Status status = NotFound("topic " + topic + " does not exist (topics are created by operators)");
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& described = metadata->topics[i];
    if (topic != described.topic) continue;
    status = KafkaStatus(described.err, "topic " + topic);
    if (status.ok() && described.partition_cnt <= 0)
      status = Unavailable("topic has no partitions");
    if (status.ok()) *partition_count = described.partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  return status;
}

class KafkaLog final : public EventLog {
 public:
  KafkaLog(std::string brokers, std::string topic, const EventLogOptions& options)
      : brokers_(std::move(brokers)), topic_name_(std::move(topic)), options_(options) {}

  Status Init() {
    ARLEDGER_RETURN_IF_ERROR(KafkaProducer::Open(brokers_, options_.append_timeout_ms,
                                                 options_.kafka_settings, &producer_));
    // Metadata may be incomplete just after a topic is created: retry within the bound.
    const Clock::time_point deadline =
        Clock::now() + std::chrono::milliseconds(options_.kafka_metadata_timeout_ms);
    while (true) {
      Status queried = QueryPartitionCount(producer_->handle(), topic_name_,
                                           std::max(1, RemainingMs(deadline)), &partition_count_);
      if (queried.ok()) break;
      if (queried.code() == StatusCode::kNotFound || RemainingMs(deadline) == 0) return queried;
      std::this_thread::sleep_for(std::chrono::milliseconds(kMetadataRetryBackoffMs));
    }
    topic_.reset(rd_kafka_topic_new(producer_->handle(), topic_name_.c_str(), nullptr));
    if (!topic_) return KafkaStatus(rd_kafka_last_error(), "topic handle " + topic_name_);
    return Status::Ok();
  }

  const std::string& topic() const override { return topic_name_; }
  int32_t partition_count() const override { return partition_count_; }

  Status Append(const std::vector<AppendRecord>& records,
                std::vector<LogPosition>* positions) override {
    for (const AppendRecord& record : records) {  // All or nothing: check before producing.
      if (record.partition >= partition_count_) {
        return InvalidArgument("partition " + std::to_string(record.partition) +
                               " out of range for " + std::to_string(partition_count_) +
                               " partitions of " + topic_name_);
      }
    }
    return producer_->Produce(topic_.get(), records, positions);
  }

  Status EndOffsets(std::vector<int64_t>* end_offsets) override {
    const Clock::time_point deadline =
        Clock::now() + std::chrono::milliseconds(options_.kafka_metadata_timeout_ms);
    std::vector<int64_t> ends(partition_count_, 0);
    for (int32_t p = 0; p < partition_count_; ++p) {
      int64_t low = 0;
      ARLEDGER_RETURN_IF_ERROR(KafkaStatus(
          rd_kafka_query_watermark_offsets(producer_->handle(), topic_name_.c_str(), p, &low,
                                           &ends[p], std::max(1, RemainingMs(deadline))),
          "end offset of " + topic_name_ + " partition " + std::to_string(p)));
    }
    *end_offsets = std::move(ends);
    return Status::Ok();
  }

  Status OpenReader(const std::vector<int64_t>& start_offsets, const ReaderOptions& options,
                    std::unique_ptr<LogReader>* reader) override {
    if (start_offsets.size() != static_cast<size_t>(partition_count_)) {
      return InvalidArgument("reader needs " + std::to_string(partition_count_) +
                             " start offsets, got " + std::to_string(start_offsets.size()));
    }
    std::vector<int64_t> end_offsets;
    ARLEDGER_RETURN_IF_ERROR(EndOffsets(&end_offsets));
    for (int32_t p = 0; p < partition_count_; ++p) {
      if (start_offsets[p] < 0) return InvalidArgument("reader start offsets must not be negative");
      // A reader ahead of the log means the log lost records its consumer already applied.
      if (start_offsets[p] > end_offsets[p]) {
        return OutOfRange("start offset " + std::to_string(start_offsets[p]) + " of " +
                          topic_name_ + " partition " + std::to_string(p) + " is past its end " +
                          std::to_string(end_offsets[p]));
      }
    }
    return OpenKafkaReader(brokers_, topic_name_, start_offsets, options, options_.kafka_settings,
                           reader);
  }

 private:
  std::string brokers_;
  std::string topic_name_;
  EventLogOptions options_;
  std::unique_ptr<KafkaProducer> producer_;
  Topic topic_;  // Belongs to producer_'s handle; destroyed first (declared after it).
  int32_t partition_count_ = 0;
};

}  // namespace

Status OpenKafkaLog(const std::string& brokers, const std::string& topic,
                    const EventLogOptions& options, std::unique_ptr<EventLog>* log) {
  if (brokers.empty()) return InvalidArgument("kafka spec names no brokers");
  if (topic.empty()) return InvalidArgument("kafka topic is empty");
  ARLEDGER_RETURN_IF_ERROR(CheckKafkaSettings(options.kafka_settings));
  auto opened = std::make_unique<KafkaLog>(brokers, topic, options);
  ARLEDGER_RETURN_IF_ERROR(opened->Init());
  *log = std::move(opened);
  return Status::Ok();
}

}  // namespace arledger::kafka
