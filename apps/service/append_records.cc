#include "service/append_records.h"

#include "core/fold.h"

namespace arledger {

int32_t AppendRecordsFor(const v1::EventEnvelope& event, const std::string& serialized,
                         int32_t partition_count, std::vector<AppendRecord>* out) {
  if (!IsPolicyEvent(event)) {
    out->push_back({event.account_id(), serialized, -1});
    return 1;
  }
  for (int32_t partition = 0; partition < partition_count; ++partition) {
    out->push_back({event.account_id(), serialized, partition});
  }
  return partition_count;
}

}  // namespace arledger
