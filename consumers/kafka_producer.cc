// KafkaProducer: produce a batch, then collect its delivery reports.
#include "consumers/kafka_producer.h"

#include <algorithm>
#include <chrono>

namespace arledger::kafka {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kReportPollMs = 100;            // Bound on one wait of the delivery-report thread.
constexpr int kQueueFullBackoffMs = 5;        // Wait before retrying when the local queue is full.
constexpr int kDeliveryReportGraceMs = 2000;  // Beyond message.timeout.ms, for the report to come.
constexpr int kCloseFlushMs = 5000;           // Bound on flushing at destruction.
constexpr int kRequestTimeoutMsMax = 30000;   // librdkafka's default produce request timeout.

}  // namespace

// What one Produce call waits for; shared with the in-flight messages' slots, so a report that
// arrives after its Produce gave up still has somewhere to go.
struct KafkaProducer::Batch {
  explicit Batch(size_t records) : positions(records), errors(records) {}
  size_t outstanding = 0;  // Records enqueued whose report has not arrived.
  // Failed records whose request may have reached the broker (a timeout in flight): they may be
  // in the log once, so the caller must not be told they were not delivered for certain.
  size_t possibly_persisted = 0;
  std::vector<LogPosition> positions;
  std::vector<rd_kafka_resp_err_t> errors;
};

// A message's opaque: which record of which batch it is. Deleted by its delivery report.
struct KafkaProducer::Slot {
  std::shared_ptr<Batch> batch;
  size_t index = 0;
};

Status KafkaProducer::Open(const std::string& brokers, int append_timeout_ms,
                           const Settings& client_settings,
                           std::unique_ptr<KafkaProducer>* producer) {
  if (append_timeout_ms <= 0) return InvalidArgument("append_timeout_ms must be positive");
  std::unique_ptr<KafkaProducer> made(new KafkaProducer());
  made->append_timeout_ms_ = append_timeout_ms;
  Conf conf;
  ARLEDGER_RETURN_IF_ERROR(MakeConf(
      client_settings,
      {{"bootstrap.servers", brokers},
       {"enable.idempotence", "true"},
       {"acks", "all"},
       {"partitioner", "murmur2_random"},
       // Topics are created by operators; a mistyped name must not create one.
       {"allow.auto.create.topics", "false"},
       {"message.timeout.ms", std::to_string(append_timeout_ms)},
       // An in-flight request outlives message.timeout.ms until it times out itself.
       {"request.timeout.ms", std::to_string(std::min(append_timeout_ms, kRequestTimeoutMsMax))}},
      &conf));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducer::OnDelivery);
  rd_kafka_conf_set_opaque(conf.get(), made.get());
  ARLEDGER_RETURN_IF_ERROR(NewHandle(RD_KAFKA_PRODUCER, std::move(conf), &made->handle_));
  made->reporter_ = std::thread([raw = made.get()] { raw->ServeDeliveryReports(); });
  *producer = std::move(made);
  return Status::Ok();
}

KafkaProducer::~KafkaProducer() {
  stopping_ = true;
  if (handle_) {  // Ends the reporter's current wait now rather than at its timeout.
    rd_kafka_queue_t* main_queue = rd_kafka_queue_get_main(handle_.get());
    rd_kafka_queue_yield(main_queue);
    rd_kafka_queue_destroy(main_queue);
  }
  if (reporter_.joinable()) reporter_.join();
  if (!handle_) return;
  // Every Produce has returned; what is left was given up on by its caller. Flush it within a
  // bound, purge the rest, and serve the reports so that every Slot is freed.
  if (rd_kafka_flush(handle_.get(), kCloseFlushMs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_purge(handle_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(handle_.get(), 0);
  }
}

void KafkaProducer::ServeDeliveryReports() {
  while (!stopping_) rd_kafka_poll(handle_.get(), kReportPollMs);
}

void KafkaProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* producer = static_cast<KafkaProducer*>(opaque);
  std::unique_ptr<Slot> slot(static_cast<Slot*>(message->_private));
  {
    std::lock_guard<std::mutex> lock(producer->mutex_);
    Batch& batch = *slot->batch;
    batch.positions[slot->index] = {message->partition, message->offset};
    batch.errors[slot->index] = message->err;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR &&
        rd_kafka_message_status(message) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED) {
      ++batch.possibly_persisted;
    }
    ARLEDGER_CHECK(batch.outstanding > 0);
    --batch.outstanding;
  }
  producer->delivered_.notify_all();
}

Status KafkaProducer::Enqueue(rd_kafka_topic_t* topic, const AppendRecord& record, Slot* slot) {
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(append_timeout_ms_);
  while (true) {
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        handle_.get(), RD_KAFKA_V_RKT(topic),
        RD_KAFKA_V_PARTITION(record.partition < 0 ? RD_KAFKA_PARTITION_UA : record.partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(const_cast<char*>(record.key.data()), record.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(record.value.data()), record.value.size()),
        RD_KAFKA_V_TIMESTAMP(record.timestamp_ms),  // 0: librdkafka stamps the current time.
        RD_KAFKA_V_OPAQUE(slot), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || Clock::now() >= deadline) {
      return KafkaStatus(err, "produce to " + std::string(rd_kafka_topic_name(topic)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kQueueFullBackoffMs));
  }
}

Status KafkaProducer::Produce(rd_kafka_topic_t* topic, const std::vector<AppendRecord>& records,
                              std::vector<LogPosition>* positions) {
  positions->clear();
  if (records.empty()) return Status::Ok();
  auto batch = std::make_shared<Batch>(records.size());
  Status enqueued;
  for (size_t i = 0; i < records.size() && enqueued.ok(); ++i) {
    auto slot = std::make_unique<Slot>(Slot{batch, i});
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++batch->outstanding;  // Before producev: the report may come before it returns.
    }
    enqueued = Enqueue(topic, records[i], slot.get());
    if (enqueued.ok()) {
      slot.release();  // The delivery report owns it now.
    } else {
      std::lock_guard<std::mutex> lock(mutex_);
      --batch->outstanding;
    }
  }
  // Even when enqueueing failed part way, wait for what was enqueued: its fate is reported too.
  Status collected = Collect(batch, positions);
  if (!enqueued.ok()) {
    positions->clear();
    return Status(enqueued.code(), enqueued.message() + " (" + std::to_string(records.size()) +
                                       " records in the batch; " + collected.ToString() + ")");
  }
  return collected;
}

Status KafkaProducer::Collect(const std::shared_ptr<Batch>& batch,
                              std::vector<LogPosition>* positions) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(append_timeout_ms_ + kDeliveryReportGraceMs);
  std::unique_lock<std::mutex> lock(mutex_);
  if (!delivered_.wait_until(lock, deadline, [&] { return batch->outstanding == 0; })) {
    return Status(StatusCode::kDeadlineExceeded,
                  std::to_string(batch->outstanding) + " records without a delivery report after " +
                      std::to_string(append_timeout_ms_) + " ms; they may yet be delivered");
  }
  size_t failed = 0;
  rd_kafka_resp_err_t first_error = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (rd_kafka_resp_err_t err : batch->errors) {
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    if (failed++ == 0) first_error = err;
  }
  if (failed > 0) {
    positions->clear();
    std::string what = std::to_string(failed) + " of " + std::to_string(batch->errors.size()) +
                       " records not delivered";
    if (batch->possibly_persisted > 0) {
      what += " for certain: " + std::to_string(batch->possibly_persisted) +
              " possibly persisted (their request reached the broker, which may have written "
              "them once)";
    }
    if (first_error == RD_KAFKA_RESP_ERR__FATAL) {
      char reason[512];
      rd_kafka_fatal_error(handle_.get(), reason, sizeof(reason));
      what += " (producer fatal error: " + std::string(reason) + ")";
    }
    return KafkaStatus(first_error, what);
  }
  *positions = batch->positions;
  return Status::Ok();
}

}  // namespace arledger::kafka
