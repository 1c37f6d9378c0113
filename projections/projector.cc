// Projector: batch preparation (decode, validate, dedupe, fold) and the atomic commit.
#include "projections/projector.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>

#include "core/fold.h"
#include "core/money.h"
#include "core/postings.h"
#include "core/sha256.h"
#include "projections/key_ordered_batch.h"

namespace arledger {

namespace {

// The arena's blocks: it grows from the first to the largest, so a batch of 10k-100k records
// takes a few hundred blocks rather than millions of small allocations.
constexpr size_t kArenaBlockBytesFirst = 64u << 10;
constexpr size_t kArenaBlockBytesMax = 4u << 20;

std::unique_ptr<google::protobuf::Arena> NewBatchArena() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = kArenaBlockBytesFirst;
  options.max_block_size = kArenaBlockBytesMax;
  return std::make_unique<google::protobuf::Arena>(options);
}

}  // namespace

struct Projector::Decoded {
  bool parsed = false;
  bool skip = false;                   // Below the stored offset: already folded.
  v1::EventEnvelope* event = nullptr;  // In the batch's arena.
  std::string dedupe_key;
};

std::string EventDedupeKey(const v1::EventEnvelope& event, int32_t partition) {
  std::string key;
  if (IsPolicyEvent(event)) {
    key = "\x01policy/" + std::to_string(partition);
  } else {
    key = event.account_id();
  }
  key.push_back('\0');
  key += event.event_id();
  return key;
}

Projector::Projector(Store* store, std::string topic)
    : store_(store), topic_(std::move(topic)), arena_(NewBatchArena()) {}

Projector::~Projector() {
  // The maps point into the arena: empty them before it goes.
  pending_accounts_.clear();
  pending_events_.clear();
}

Status Projector::Load() {
  ARLEDGER_RETURN_IF_ERROR(store_->ReadMeta(&committed_meta_));
  if (committed_meta_.projection_version() != store_->projection_version()) {
    return FailedPrecondition(
        "projection store was written by projection version " +
        std::to_string(committed_meta_.projection_version()) + ", this build writes " +
        std::to_string(store_->projection_version()) + ": rebuild it from the log");
  }
  pending_meta_ = committed_meta_;
  return Status::Ok();
}

Status Projector::NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets) {
  next_offsets->assign(partition_count, 0);
  for (const v1::PartitionMeta& partition : committed_meta_.partitions()) {
    if (partition.partition() >= partition_count) {
      return FailedPrecondition("the store has folded partition " +
                                std::to_string(partition.partition()) + " but the log has only " +
                                std::to_string(partition_count));
    }
    (*next_offsets)[partition.partition()] = partition.next_offset();
  }
  return Status::Ok();
}

v1::PartitionMeta* Projector::PendingPartition(int32_t partition) {
  while (pending_meta_.partitions_size() <= partition) {
    pending_meta_.add_partitions()->set_partition(pending_meta_.partitions_size() - 1);
  }
  return pending_meta_.mutable_partitions(partition);
}

Status Projector::Prepare(const std::vector<LogRecord>& records,
                          std::vector<v1::DeadLetter>* dead_letters) {
  std::vector<Decoded> decoded(records.size());
  std::map<int32_t, int64_t> expected;  // Next offset per partition while walking the batch.
  for (size_t i = 0; i < records.size(); ++i) {
    const LogRecord& record = records[i];
    if (record.partition < 0) return InvalidArgument("negative partition in a log record");
    auto [it, inserted] = expected.try_emplace(record.partition, 0);
    if (inserted) it->second = PendingPartition(record.partition)->next_offset();
    if (record.offset < it->second) {  // Delivered again: already folded, but checked.
      ARLEDGER_RETURN_IF_ERROR(
          chain_.CheckRedelivered(*store_, record, *PendingPartition(record.partition)));
      decoded[i].skip = true;
      continue;
    }
    if (record.offset > it->second) {
      return Corruption("gap in partition " + std::to_string(record.partition) +
                        ": expected offset " + std::to_string(it->second) + ", got " +
                        std::to_string(record.offset));
    }
    it->second = record.offset + 1;
    decoded[i].event = google::protobuf::Arena::CreateMessage<v1::EventEnvelope>(arena_.get());
    decoded[i].parsed = decoded[i].event->ParseFromString(record.value);
    if (decoded[i].parsed)
      decoded[i].dedupe_key = EventDedupeKey(*decoded[i].event, record.partition);
  }
  ARLEDGER_RETURN_IF_ERROR(Prefetch(decoded));
  for (size_t i = 0; i < records.size(); ++i) {
    if (decoded[i].skip) continue;
    FoldOne(records[i], decoded[i], dead_letters);
    v1::PartitionMeta* partition = PendingPartition(records[i].partition);
    chain_.Extend(records[i], partition);
    partition->set_next_offset(records[i].offset + 1);
    pending_ = true;
  }
  return Status::Ok();
}

// Reads, in two MultiGets, every account and event record the batch needs that is not
// already in the pending batch.
Status Projector::Prefetch(const std::vector<Decoded>& decoded) {
  std::vector<std::string> account_keys;
  std::vector<std::string> event_keys;
  for (const Decoded& item : decoded) {
    if (!item.parsed || item.skip) continue;
    if (!pending_events_.count(item.dedupe_key) && !prefetched_events_.count(item.dedupe_key)) {
      prefetched_events_.emplace(item.dedupe_key, std::string());
      event_keys.push_back(item.dedupe_key);
    }
    const std::string& account = item.event->account_id();
    if (!account.empty() && !pending_accounts_.count(account) &&
        !prefetched_accounts_.count(account)) {
      prefetched_accounts_.emplace(account, std::string());
      account_keys.push_back(account);
    }
  }
  std::vector<std::string> values;
  ARLEDGER_RETURN_IF_ERROR(store_->MultiGet(ReadModel::kEvents, event_keys, &values));
  for (size_t i = 0; i < event_keys.size(); ++i)
    prefetched_events_[event_keys[i]] = std::move(values[i]);
  ARLEDGER_RETURN_IF_ERROR(store_->MultiGet(ReadModel::kAccounts, account_keys, &values));
  for (size_t i = 0; i < account_keys.size(); ++i) {
    prefetched_accounts_[account_keys[i]] = std::move(values[i]);
  }
  return Status::Ok();
}

v1::AccountState* Projector::PendingAccount(const std::string& account_id) {
  auto it = pending_accounts_.find(account_id);
  if (it != pending_accounts_.end()) return it->second;
  v1::AccountState& state = *google::protobuf::Arena::CreateMessage<v1::AccountState>(arena_.get());
  pending_accounts_.emplace(account_id, &state);
  auto prefetched = prefetched_accounts_.find(account_id);
  ARLEDGER_CHECK(prefetched != prefetched_accounts_.end());
  const bool existed = !prefetched->second.empty();
  if (existed) {
    ARLEDGER_CHECK(state.ParseFromString(prefetched->second));
  } else {
    state.set_account_id(account_id);
  }
  read_models_.BeginAccount(state, existed);
  prefetched_accounts_.erase(prefetched);
  return &state;
}

void Projector::DeadLetter(const LogRecord& record, v1::DeadLetterReason reason, std::string detail,
                           std::vector<v1::DeadLetter>* dead_letters) {
  v1::DeadLetter& letter = dead_letters->emplace_back();
  letter.set_topic(topic_);
  letter.set_partition(record.partition);
  letter.set_offset(record.offset);
  letter.set_reason(reason);
  letter.set_detail(std::move(detail));
  letter.set_key(record.key);
  letter.set_value(record.value);
  pending_meta_.set_dead_letters(pending_meta_.dead_letters() + 1);
}

void Projector::FoldOne(const LogRecord& record, Decoded& decoded,
                        std::vector<v1::DeadLetter>* dead_letters) {
  if (!decoded.parsed) {
    DeadLetter(record, v1::DEAD_LETTER_REASON_UNDECODABLE, "value is not an EventEnvelope",
               dead_letters);
    return;
  }
  const v1::EventEnvelope& event = *decoded.event;
  const bool unknown = IsUnknownEventType(event);
  if (!unknown) {
    if (Status valid = ValidateEnvelope(event); !valid.ok()) {
      DeadLetter(record, v1::DEAD_LETTER_REASON_INVALID, valid.message(), dead_letters);
      return;
    }
  } else if (event.event_id().empty() || event.account_id().empty()) {
    DeadLetter(record, v1::DEAD_LETTER_REASON_INVALID, "event_id and account_id are required",
               dead_letters);
    return;
  }

  const Sha256::Digest content = Sha256::Of(record.value);
  const std::string content_bytes(AsBytes(content));
  const v1::EventRecord* existing = nullptr;
  v1::EventRecord stored;
  if (auto it = pending_events_.find(decoded.dedupe_key); it != pending_events_.end()) {
    existing = it->second;
  } else if (auto pre = prefetched_events_.find(decoded.dedupe_key);
             pre != prefetched_events_.end() && !pre->second.empty()) {
    ARLEDGER_CHECK(stored.ParseFromString(pre->second));
    existing = &stored;
  }
  if (existing != nullptr) {
    if (existing->content_sha256() == content_bytes) {
      pending_meta_.set_events_duplicate(pending_meta_.events_duplicate() + 1);
    } else {
      DeadLetter(record, v1::DEAD_LETTER_REASON_CONFLICT,
                 "event_id '" + event.event_id() + "' was already applied at " +
                     std::to_string(existing->partition()) + "/" +
                     std::to_string(existing->offset()) + " with different content",
                 dead_letters);
    }
    return;
  }

  ApplyResult result;
  if (unknown) {
    result.outcome = v1::OUTCOME_SKIPPED_UNKNOWN;
  } else if (IsPolicyEvent(event)) {
    result = ApplyPolicy(event, PendingPartition(record.partition)->mutable_policy());
  } else {
    v1::AccountState* state = PendingAccount(event.account_id());
    result = ApplyToAccount(event, PendingPartition(record.partition)->policy(), state);
    read_models_.AddAccountEvent(record, event, result, *state);
  }
  AddPostings(result.postings);
  switch (result.outcome) {
    case v1::OUTCOME_REJECTED:
      pending_meta_.set_events_rejected(pending_meta_.events_rejected() + 1);
      break;
    case v1::OUTCOME_SKIPPED_UNKNOWN:
      pending_meta_.set_events_skipped_unknown(pending_meta_.events_skipped_unknown() + 1);
      break;
    default:
      pending_meta_.set_events_applied(pending_meta_.events_applied() + 1);
  }
  v1::EventRecord& entry = *google::protobuf::Arena::CreateMessage<v1::EventRecord>(arena_.get());
  pending_events_.emplace(decoded.dedupe_key, &entry);
  entry.set_content_sha256(content_bytes);
  entry.set_partition(record.partition);
  entry.set_offset(record.offset);
  entry.set_outcome(result.outcome);
  entry.set_reason(result.reason);
  entry.set_account_id(event.account_id());
}

void Projector::AddPostings(const Postings& postings) {
  for (const Posting& line : postings) {
    v1::LedgerBalance* target = nullptr;
    for (v1::LedgerBalance& balance : *pending_meta_.mutable_ledger()) {
      if (balance.ledger_account() == line.ledger_account() &&
          balance.currency() == line.currency()) {
        target = &balance;
        break;
      }
    }
    if (target == nullptr) {
      target = pending_meta_.add_ledger();
      target->set_ledger_account(line.ledger_account());
      target->set_currency(std::string(line.currency()));
    }
    Result<int64_t> sum = CheckedAdd(target->balance_minor(), line.amount_minor());
    ARLEDGER_CHECK(sum.ok());  // Each account's own balance is checked; the total cannot wrap.
    target->set_balance_minor(*sum);
  }
}

Status Projector::Commit() {
  if (!pending_) return Status::Ok();
  CheckTrialBalance(pending_meta_.ledger());  // Aborts, in release too, if debits != credits.
  // Canonical order, so that the meta's bytes do not depend on how partitions interleaved.
  std::sort(pending_meta_.mutable_ledger()->begin(), pending_meta_.mutable_ledger()->end(),
            [](const v1::LedgerBalance& a, const v1::LedgerBalance& b) {
              if (a.currency() != b.currency()) return a.currency() < b.currency();
              return a.ledger_account() < b.ledger_account();
            });
  rocksdb::WriteBatch& batch = unordered_batch_;
  batch.Clear();  // Keeps its buffer.
  std::string buffer;
  for (const auto& [account_id, state] : pending_accounts_) {
    ARLEDGER_CHECK(state->SerializeToString(&buffer));
    batch.Put(store_->handle(ReadModel::kAccounts), account_id, buffer);
  }
  for (const auto& [key, record] : pending_events_) {
    ARLEDGER_CHECK(record->SerializeToString(&buffer));
    batch.Put(store_->handle(ReadModel::kEvents), key, buffer);
  }
  ARLEDGER_RETURN_IF_ERROR(read_models_.Write(*store_, pending_accounts_, &batch, &pending_meta_));
  chain_.Write(*store_, &batch);
  ARLEDGER_CHECK(pending_meta_.SerializeToString(&buffer));
  batch.Put(store_->handle(ReadModel::kMeta), kMetaKey, buffer);
  ARLEDGER_RETURN_IF_ERROR(OrderByKey(*store_, batch, &ordered_batch_));
  ARLEDGER_RETURN_IF_ERROR(store_->Write(&ordered_batch_));

  committed_meta_ = pending_meta_;
  pending_accounts_.clear();
  pending_events_.clear();
  prefetched_accounts_.clear();
  prefetched_events_.clear();
  read_models_.Clear();
  arena_->Reset();  // Everything pointing into it was cleared above.
  chain_.Committed();
  pending_ = false;
  return Status::Ok();
}

}  // namespace arledger
