// ProjectorShard: prefetch, dedupe and fold of one shard's events (writes: _write.cc).
#include "projections/projector_shard.h"

#include "core/money.h"
#include "core/postings.h"
#include "core/sha256.h"
#include "core/state_codec.h"

namespace arledger {
namespace {

// The arena's blocks: it grows from the first to the largest, so a batch of 10k-100k records
// takes a few hundred blocks rather than millions of small allocations.
constexpr size_t kArenaBlockBytesFirst = 64u << 10;
constexpr size_t kArenaBlockBytesMax = 4u << 20;
// The first block is kept across batches and grows to the largest batch's need (+1/4), up to
// this: beyond it a batch's extra blocks are freed again, as any larger batch's are.
constexpr size_t kArenaBlockBytesKeptMax = 256u << 20;

std::unique_ptr<google::protobuf::Arena> NewBatchArena(char* initial_block, size_t size) {
  google::protobuf::ArenaOptions options;
  options.start_block_size = kArenaBlockBytesFirst;
  options.max_block_size = kArenaBlockBytesMax;
  options.initial_block = initial_block;
  options.initial_block_size = size;
  return std::make_unique<google::protobuf::Arena>(options);
}

// Adds `line` to the balance of its (ledger account, currency) in `ledger`.
void AddToLedger(google::protobuf::RepeatedPtrField<v1::LedgerBalance>* ledger,
                 v1::LedgerAccount account, std::string_view currency, int64_t amount_minor) {
  v1::LedgerBalance* target = nullptr;
  for (v1::LedgerBalance& balance : *ledger) {
    if (balance.ledger_account() == account && balance.currency() == currency) {
      target = &balance;
      break;
    }
  }
  if (target == nullptr) {
    target = ledger->Add();
    target->set_ledger_account(account);
    target->set_currency(std::string(currency));
  }
  Result<int64_t> sum = CheckedAdd(target->balance_minor(), amount_minor);
  ARLEDGER_CHECK(sum.ok());  // Each account's own balance is checked; the total cannot wrap.
  target->set_balance_minor(*sum);
}

int64_t Sum(int64_t a, int64_t b) {
  Result<int64_t> sum = CheckedAdd(a, b);
  ARLEDGER_CHECK(sum.ok());
  return *sum;
}

}  // namespace

ProjectorShard::ProjectorShard(const Store* store, const std::string* topic)
    : store_(store), topic_(topic), arena_(NewBatchArena(arena_block_.get(), arena_block_size_)) {}

ProjectorShard::~ProjectorShard() {
  // The maps point into the arena: empty them before it goes.
  pending_accounts_.clear();
  pending_events_.clear();
}

Status ProjectorShard::FoldAccountEvents(const std::vector<const ShardItem*>& items,
                                         const v1::ProjectionMeta& meta) {
  ARLEDGER_RETURN_IF_ERROR(Prefetch(items));
  for (size_t i = 0; i < items.size(); ++i) {
    if (bulk_) PrefetchAccounts(items, i);
    const ShardItem* item = items[i];
    ARLEDGER_CHECK(item->event == nullptr || !IsPolicyEvent(*item->event));
    const int32_t partition = item->record->partition;
    ARLEDGER_CHECK(partition >= 0 && partition < meta.partitions_size());
    FoldOne(*item, &meta.partitions(partition).policy(), nullptr);
  }
  return Status::Ok();
}

// A slot is fetched kSlotsAhead events ahead, and the front of the account it points to (the
// part every event touches) kEntriesAhead ahead, when the slot has arrived.
void ProjectorShard::PrefetchAccounts(const std::vector<const ShardItem*>& items,
                                      size_t next) const {
  constexpr size_t kSlotsAhead = AccountSlots<HeldAccount>::kSlotsAhead;
  constexpr size_t kEntriesAhead = AccountSlots<HeldAccount>::kEntriesAhead;
  if (next + kSlotsAhead < items.size() && items[next + kSlotsAhead]->event != nullptr) {
    pass_slots_.Prefetch(items[next + kSlotsAhead]->account_hash);
  }
  if (next + kEntriesAhead < items.size() && items[next + kEntriesAhead]->event != nullptr) {
    pass_slots_.PrefetchEntry(items[next + kEntriesAhead]->account_hash, kHeldEntryHotBytes);
  }
}

Status ProjectorShard::FoldPolicy(const ShardItem& item, v1::PartitionMeta* partition) {
  ARLEDGER_CHECK(item.event != nullptr && IsPolicyEvent(*item.event));
  ARLEDGER_RETURN_IF_ERROR(Prefetch({&item}));
  FoldOne(item, nullptr, partition->mutable_policy());
  return Status::Ok();
}

Status ProjectorShard::FoldPolicyAgain(const ShardItem& item, v1::PartitionMeta* partition) {
  ARLEDGER_CHECK(bulk_);
  const v1::ProjectionMeta counts = counts_;
  const size_t letters = dead_letters_.size();
  const size_t records = batch_events_.size();
  ARLEDGER_RETURN_IF_ERROR(FoldPolicy(item, partition));
  counts_ = counts;
  dead_letters_.erase(dead_letters_.begin() + static_cast<std::ptrdiff_t>(letters),
                      dead_letters_.end());
  batch_events_.resize(records);
  return Status::Ok();
}

// Reads, in two MultiGets, every account and event record the items need that is not
// already in the pending batch. Bulk passes read nothing: the shard holds all there is.
Status ProjectorShard::Prefetch(const std::vector<const ShardItem*>& items) {
  if (bulk_) return Status::Ok();
  std::vector<std::string> account_keys;
  std::vector<std::string> event_keys;
  for (const ShardItem* item : items) {
    if (item->event == nullptr) continue;
    if (!pending_events_.count(item->dedupe_key) && !prefetched_events_.count(item->dedupe_key)) {
      if (auto written = written_events_.find(item->dedupe_key); written != written_events_.end()) {
        prefetched_events_.emplace(item->dedupe_key, written->second);
      } else {
        prefetched_events_.emplace(item->dedupe_key, std::string());
        event_keys.push_back(item->dedupe_key);
      }
    }
    const std::string& account = item->event->account_id();
    if (!account.empty() && !IsPolicyEvent(*item->event) && !pending_accounts_.count(account) &&
        !prefetched_accounts_.count(account)) {
      if (auto written = written_accounts_.find(account); written != written_accounts_.end()) {
        prefetched_accounts_.emplace(account, written->second);
      } else {
        prefetched_accounts_.emplace(account, std::string());
        account_keys.push_back(account);
      }
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

AccountState* ProjectorShard::PendingAccount(const std::string& account_id, uint64_t account_hash) {
  std::pair<const std::string, HeldAccount>* held = nullptr;
  bool inserted = false;
  if (bulk_) {  // Found by its slot; the map only when the pass meets the account first.
    held = pass_slots_.Find(account_hash, account_id);
    if (held == nullptr) {
      held = &*pending_accounts_.try_emplace(account_id).first;
      pass_slots_.Insert(account_hash, held);
      inserted = true;
    }
  } else {
    auto [it, fresh] = pending_accounts_.try_emplace(account_id);
    held = &*it;
    inserted = fresh;
  }
  if (!held->second.touched) {
    held->second.touched = true;
    touched_.push_back(held);
  }
  AccountState& state = held->second.state;
  if (!inserted) return &state;  // Folded into earlier in this batch, or held from before it.
  if (bulk_) {                   // Not folded yet in this pass: new to the store too.
    state.account_id = account_id;
    read_models_.BeginAccount(state, false);
    return &state;
  }
  auto prefetched = prefetched_accounts_.find(account_id);
  ARLEDGER_CHECK(prefetched != prefetched_accounts_.end());
  const bool existed = !prefetched->second.empty();
  if (existed) {
    // The store holds only what this projector encoded: a value that does not decode is a
    // damaged store, and folding on would write a wrong state over it.
    const Status decoded = DecodeAccountState(prefetched->second, &state);
    ARLEDGER_CHECK(decoded.ok());
  } else {
    state.account_id = account_id;
  }
  read_models_.BeginAccount(state, existed);
  prefetched_accounts_.erase(prefetched);
  return &state;
}

void ProjectorShard::DeadLetter(const ShardItem& item, v1::DeadLetterReason reason,
                                std::string detail) {
  v1::DeadLetter& letter = dead_letters_.emplace_back(item.index, v1::DeadLetter()).second;
  letter.set_topic(*topic_);
  letter.set_partition(item.record->partition);
  letter.set_offset(item.record->offset);
  letter.set_reason(reason);
  letter.set_detail(std::move(detail));
  letter.set_key(item.record->key);
  letter.set_value(item.record->value);
  counts_.set_dead_letters(counts_.dead_letters() + 1);
}

bool ProjectorShard::SeenBefore(const ShardItem& item, const Sha256::Digest& content,
                                std::string_view* pass_key) {
  if (bulk_) {
    // Nothing of a fresh store is read back: the pass's own events are all there is. A record
    // not seen before is always folded (FoldOne), so it is entered now.
    const std::optional<SeenEventIndex::Seen> first = pass_events_.Insert(
        item.dedupe_key, {content, item.record->partition, item.record->offset}, pass_key);
    if (!first) return false;
    Repeated(item, AsBytes(content), AsBytes(first->content_sha256), first->partition,
             first->offset);
    return true;
  }
  v1::EventRecord stored;
  const v1::EventRecord* existing = nullptr;
  if (auto it = pending_events_.find(item.dedupe_key); it != pending_events_.end()) {
    existing = it->second;
  } else if (auto pre = prefetched_events_.find(item.dedupe_key);
             pre != prefetched_events_.end() && !pre->second.empty()) {
    ARLEDGER_CHECK(stored.ParseFromString(pre->second));
    existing = &stored;
  }
  if (existing == nullptr) return false;
  Repeated(item, AsBytes(content), existing->content_sha256(), existing->partition(),
           existing->offset());
  return true;
}

void ProjectorShard::Repeated(const ShardItem& item, std::string_view content,
                              std::string_view first_content, int32_t partition, int64_t offset) {
  if (first_content == content) {
    counts_.set_events_duplicate(counts_.events_duplicate() + 1);
    return;
  }
  DeadLetter(item, v1::DEAD_LETTER_REASON_CONFLICT,
             "event_id '" + item.event->event_id() + "' was already applied at " +
                 std::to_string(partition) + "/" + std::to_string(offset) +
                 " with different content");
}

// `policy` is the matrix account events are folded under; `policy_to_change` is set only
// for a policy event.
void ProjectorShard::FoldOne(const ShardItem& item, const v1::AuthorityPolicySet* policy,
                             v1::AuthorityPolicySet* policy_to_change) {
  if (item.event == nullptr) {
    DeadLetter(item, v1::DEAD_LETTER_REASON_UNDECODABLE, "value is not an EventEnvelope");
    return;
  }
  const v1::EventEnvelope& event = *item.event;
  const bool unknown = IsUnknownEventType(event);
  if (!unknown) {
    if (Status valid = ValidateEnvelope(event); !valid.ok()) {
      DeadLetter(item, v1::DEAD_LETTER_REASON_INVALID, valid.message());
      return;
    }
  } else if (event.event_id().empty() || event.account_id().empty()) {
    DeadLetter(item, v1::DEAD_LETTER_REASON_INVALID, "event_id and account_id are required");
    return;
  }

  const Sha256::Digest content = Sha256::Of(item.record->value);
  std::string_view pass_key;  // Bulk: this event's key in pass_events_.
  if (SeenBefore(item, content, &pass_key)) return;

  ApplyResult result;
  if (unknown) {
    result.outcome = v1::OUTCOME_SKIPPED_UNKNOWN;
  } else if (IsPolicyEvent(event)) {
    ARLEDGER_CHECK(policy_to_change != nullptr);
    result = ApplyPolicy(event, policy_to_change);
  } else {
    ARLEDGER_CHECK(policy != nullptr);
    AccountState* state = PendingAccount(event.account_id(), item.account_hash);
    result = ApplyToAccount(event, *policy, state);
    read_models_.AddAccountEvent(*item.record, event, result, *state);
  }
  AddPostings(result.postings);
  switch (result.outcome) {
    case v1::OUTCOME_REJECTED:
      counts_.set_events_rejected(counts_.events_rejected() + 1);
      break;
    case v1::OUTCOME_SKIPPED_UNKNOWN:
      counts_.set_events_skipped_unknown(counts_.events_skipped_unknown() + 1);
      break;
    default:
      counts_.set_events_applied(counts_.events_applied() + 1);
  }
  v1::EventRecord& entry = *google::protobuf::Arena::CreateMessage<v1::EventRecord>(arena_.get());
  if (bulk_) {
    batch_events_.emplace_back(pass_key, &entry);
  } else {
    pending_events_.emplace(item.dedupe_key, &entry);
  }
  const std::string_view content_bytes = AsBytes(content);
  entry.set_content_sha256(content_bytes.data(), content_bytes.size());
  entry.set_partition(item.record->partition);
  entry.set_offset(item.record->offset);
  entry.set_outcome(result.outcome);
  entry.set_reason(result.reason);
  entry.set_account_id(event.account_id());
}

void ProjectorShard::AddPostings(const Postings& postings) {
  for (const Posting& line : postings) {
    AddToLedger(counts_.mutable_ledger(), line.ledger_account(), line.currency().code(),
                line.amount_minor());
  }
}

v1::ProjectionMeta ProjectorShard::TakeCounts() {
  v1::ProjectionMeta counts;
  counts.Swap(&counts_);
  return counts;
}

std::vector<IndexedDeadLetter> ProjectorShard::TakeDeadLetters() {
  return std::move(dead_letters_);
}

void ProjectorShard::Clear() {
  pending_events_.clear();
  batch_events_.clear();
  prefetched_accounts_.clear();
  prefetched_events_.clear();
  if (bulk_ || retain_bytes_max_ > 0) {
    // The pass's (or the retained) accounts stay, with what their read models hold.
    for (auto* touched : touched_) touched->second.touched = false;
    touched_.clear();
    read_models_.ClearBatch();
    if (!bulk_) LetGoOfAccounts();
  } else {
    touched_.clear();
    pending_accounts_.clear();
    read_models_.Clear();
  }
  ++batch_number_;
  counts_.Clear();
  dead_letters_.clear();
  // Everything pointing into the arena was cleared above. A batch that outgrew the first block
  // gets a larger one for the next: Reset keeps only the first, and fresh blocks cost page
  // faults (perf: 25% of parsing the states, 7.7% of the whole apply, before).
  const uint64_t used = arena_->SpaceAllocated();
  if (used > arena_block_size_ && used + used / 4 <= kArenaBlockBytesKeptMax) {
    arena_.reset();
    arena_block_size_ = used + used / 4;
    arena_block_ = std::make_unique_for_overwrite<char[]>(arena_block_size_);
    arena_ = NewBatchArena(arena_block_.get(), arena_block_size_);
  } else {
    arena_->Reset();
  }
}

void MergeCounts(const v1::ProjectionMeta& counts, v1::ProjectionMeta* meta) {
  meta->set_events_applied(Sum(meta->events_applied(), counts.events_applied()));
  meta->set_events_rejected(Sum(meta->events_rejected(), counts.events_rejected()));
  meta->set_events_duplicate(Sum(meta->events_duplicate(), counts.events_duplicate()));
  meta->set_events_skipped_unknown(
      Sum(meta->events_skipped_unknown(), counts.events_skipped_unknown()));
  meta->set_dead_letters(Sum(meta->dead_letters(), counts.dead_letters()));
  for (const v1::LedgerBalance& balance : counts.ledger()) {
    AddToLedger(meta->mutable_ledger(), balance.ledger_account(), balance.currency(),
                balance.balance_minor());
  }
}

}  // namespace arledger
