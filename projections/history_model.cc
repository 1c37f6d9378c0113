// History records: one per decided account event.
#include "projections/history_model.h"

namespace arledger {

std::string EventTypeName(const v1::EventEnvelope& event) {
  // The body's field number is its case: one lookup by number, no reflection by name.
  const google::protobuf::FieldDescriptor* field =
      event.body_case() == v1::EventEnvelope::BODY_NOT_SET
          ? nullptr
          : v1::EventEnvelope::descriptor()->FindFieldByNumber(static_cast<int>(event.body_case()));
  return field == nullptr ? "unknown" : field->name();
}

void FillHistoryRecord(const LogRecord& record, const ApplyResult& result, int64_t sequence,
                       v1::HistoryRecord* history) {
  history->set_sequence(sequence);
  history->set_partition(record.partition);
  history->set_offset(record.offset);
  history->set_outcome(result.outcome);
  history->set_reason(result.reason);
  history->set_event(record.value);
}

}  // namespace arledger
