// AuditChain: one scan of the log, chaining each partition and comparing at checkpoints.
#include "service/audit_chain.h"

#include <algorithm>
#include <map>

#include "arledger/v1/projection.pb.h"
#include "core/sha256.h"
#include "projections/chain_checkpoints.h"
#include "service/log_scan.h"

namespace arledger {
namespace {

// One partition's running chain and what it is compared against.
struct PartitionChain {
  std::string head;                            // Raw bytes; empty before offset 0.
  std::map<int64_t, std::string> checkpoints;  // From the store.
  int64_t last_matching_checkpoint = -1;
};

// What the store says it folded: stop offsets, heads at those offsets and checkpoints.
Status LoadStoreChains(const Store& store, int32_t partitions, std::vector<int64_t>* stop,
                       std::vector<std::string>* store_heads, std::vector<PartitionChain>* chains) {
  v1::ProjectionMeta meta;
  ARLEDGER_RETURN_IF_ERROR(store.ReadMeta(&meta));
  for (const v1::PartitionMeta& partition : meta.partitions()) {
    if (partition.partition() < 0 || partition.partition() >= partitions) {
      return FailedPrecondition("the store has folded partition " +
                                std::to_string(partition.partition()) + " but the log has only " +
                                std::to_string(partitions));
    }
    (*stop)[partition.partition()] = partition.next_offset();
    (*store_heads)[partition.partition()] = partition.chain_head();
  }
  for (int32_t p = 0; p < partitions; ++p) {
    ARLEDGER_RETURN_IF_ERROR(ReadChainCheckpoints(store, p, &(*chains)[p].checkpoints));
  }
  return Status::Ok();
}

// Extends the chain by `record` and compares it with the store's checkpoint there, if any.
void ChainOne(const LogRecord& record, PartitionChain* chain, PartitionChainAudit* audit) {
  chain->head = std::string(AsBytes(Sha256::ChainNext(chain->head, record.value)));
  auto checkpoint = chain->checkpoints.find(record.offset);
  if (checkpoint == chain->checkpoints.end() || !audit->equal) return;
  ++audit->checkpoints_compared;
  if (checkpoint->second == chain->head) {
    chain->last_matching_checkpoint = record.offset;
    return;
  }
  audit->equal = false;
  audit->differs_from = chain->last_matching_checkpoint + 1;
  audit->differs_to = record.offset;
}

// Fills in one partition's verdict once its records have been chained.
void Conclude(const PartitionChain& chain, int64_t chained, const std::string& store_head,
              PartitionChainAudit* audit) {
  audit->records = chained;
  audit->log_head_hex = ToHex(chain.head);
  audit->compared = true;
  audit->store_head_hex = ToHex(store_head);
  if (!audit->equal) return;
  audit->log_short = chained < audit->store_records;
  if (!audit->log_short && chain.head == store_head) return;
  audit->equal = false;
  audit->differs_from = chain.last_matching_checkpoint + 1;
  audit->differs_to = audit->store_records - 1;
}

}  // namespace

Status AuditChain(EventLog* events, const Store* store, Progress* progress,
                  ChainAuditReport* report) {
  const int32_t partitions = events->partition_count();
  std::vector<int64_t> end;
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(events, &end));
  std::vector<int64_t> stop = end;
  std::vector<std::string> store_heads(static_cast<size_t>(partitions));
  std::vector<PartitionChain> chains(static_cast<size_t>(partitions));
  report->partitions.assign(static_cast<size_t>(partitions), PartitionChainAudit());
  if (store != nullptr) {
    stop.assign(stop.size(), 0);  // Partitions the store never folded are not chained.
    ARLEDGER_RETURN_IF_ERROR(LoadStoreChains(*store, partitions, &stop, &store_heads, &chains));
    for (size_t p = 0; p < stop.size(); ++p) {
      report->partitions[p].store_records = stop[p];
      stop[p] = std::min(stop[p], end[p]);  // A short log is chained as far as it goes.
    }
  }
  ScanOptions scan;
  scan.progress = progress;
  ARLEDGER_RETURN_IF_ERROR(ScanLog(events, std::vector<int64_t>(stop.size(), 0), stop, scan,
                                   [&](std::vector<LogRecord>& records) {
                                     for (const LogRecord& record : records) {
                                       const auto p = static_cast<size_t>(record.partition);
                                       ChainOne(record, &chains[p], &report->partitions[p]);
                                     }
                                     report->records += static_cast<int64_t>(records.size());
                                     return Status::Ok();
                                   }));
  for (int32_t p = 0; p < partitions; ++p) {
    PartitionChainAudit& audit = report->partitions[p];
    audit.partition = p;
    if (store == nullptr) {
      audit.records = stop[p];
      audit.log_head_hex = ToHex(chains[p].head);
      continue;
    }
    Conclude(chains[p], stop[p], store_heads[p], &audit);
    report->passed = report->passed && audit.equal;
  }
  return Status::Ok();
}

}  // namespace arledger
