// CheckChainTail: one bounded scan of the folded tails through the projector.
#include "service/chain_tail_check.h"

#include "projections/chain_checkpoints.h"
#include "service/log_scan.h"

namespace arledger {

Status CheckChainTail(EventLog* events, Projector* projector) {
  std::vector<int64_t> next;
  ARLEDGER_RETURN_IF_ERROR(projector->NextOffsets(events->partition_count(), &next));
  std::vector<int64_t> start(next.size());
  for (size_t p = 0; p < next.size(); ++p) start[p] = ChainTailStart(next[p]);
  std::vector<v1::DeadLetter> dead_letters;
  return ScanLog(events, start, next, ScanOptions(), [&](std::vector<LogRecord>& records) {
    ARLEDGER_RETURN_IF_ERROR(projector->Prepare(records, &dead_letters));
    ARLEDGER_CHECK(dead_letters.empty());  // Every record is below the offsets: none is folded.
    return Status::Ok();
  });
}

}  // namespace arledger
