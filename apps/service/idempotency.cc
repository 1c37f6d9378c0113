// Idempotent retries: the prior event from the event index, its occurred_at from the log.
#include "service/idempotency.h"

#include "core/sha256.h"
#include "projections/projector.h"
#include "service/log_scan.h"

namespace arledger {
namespace {

constexpr int kReadPollTimeoutMs = 100;
constexpr int kReadIdlePollsMax = 50;  // Five seconds at most for one record.

// The envelope stored at `position` of the events log.
Status ReadEnvelopeAt(EventLog* log, int32_t partition, int64_t offset,
                      v1::EventEnvelope* envelope) {
  std::vector<int64_t> start(static_cast<size_t>(log->partition_count()), 0);
  std::vector<int64_t> stop = start;
  ARLEDGER_CHECK(partition >= 0 && partition < log->partition_count());
  start[static_cast<size_t>(partition)] = offset;
  stop[static_cast<size_t>(partition)] = offset + 1;
  ScanOptions options;
  options.batch_records_max = 1;
  options.poll_timeout_ms = kReadPollTimeoutMs;
  options.idle_polls_max = kReadIdlePollsMax;
  bool read = false;
  ARLEDGER_RETURN_IF_ERROR(
      ScanLog(log, start, stop, options, [&](std::vector<LogRecord>& batch) -> Status {
        for (const LogRecord& record : batch) {
          if (!envelope->ParseFromString(record.value)) {
            return Corruption("the event at " + std::to_string(partition) + "/" +
                              std::to_string(offset) + " does not decode");
          }
          read = true;
        }
        return Status::Ok();
      }));
  if (!read) return Unavailable("the event at its recorded position could not be read");
  return Status::Ok();
}

}  // namespace

Status FindPriorRequest(LedgerService* service, bool occurred_at_given, v1::EventEnvelope* event,
                        PriorRequest* prior) {
  *prior = PriorRequest();
  v1::EventRecord record;
  ARLEDGER_RETURN_IF_ERROR(
      service->store()->GetEventRecord(EventDedupeKey(*event, 0), &record, &prior->found));
  if (!prior->found) {
    // Not applied yet, but perhaps being appended by an earlier request: a retry that left
    // occurred_at out takes the first one's, so that Publish sees the same bytes and waits for
    // that copy instead of appending another (publish_claims.h).
    const auto claim = service->publish_claims().Find(EventDedupeKey(*event, 0));
    v1::EventEnvelope first;
    if (!occurred_at_given && claim != nullptr && first.ParseFromString(claim->serialized)) {
      *event->mutable_occurred_at() = first.occurred_at();
    }
    return Status::Ok();
  }
  if (!occurred_at_given) {
    v1::EventEnvelope first;
    ARLEDGER_RETURN_IF_ERROR(
        ReadEnvelopeAt(&service->events_log(), record.partition(), record.offset(), &first));
    *event->mutable_occurred_at() = first.occurred_at();
  }
  std::string serialized;
  ARLEDGER_CHECK(event->SerializeToString(&serialized));
  prior->same_request = record.content_sha256() == AsBytes(Sha256::Of(serialized));
  v1::EventResult& result = prior->result;
  result.set_event_id(event->event_id());
  result.set_status(OutcomeStatus(record));
  result.set_outcome(record.outcome());
  result.set_reason(record.reason());
  result.set_partition(record.partition());
  result.set_offset(record.offset());
  return Status::Ok();
}

}  // namespace arledger
