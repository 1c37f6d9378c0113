#include "tests/unit/projections/store_testing.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <random>

#include "core/fold.h"
#include "core/state_proto.h"
#include "projections/projector.h"
#include "tests/support/event_builders.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/core/events_testing.h"

namespace arledger::testing {
namespace {

v1::EventEnvelope PolicyEvent(int32_t partition) {
  v1::EventEnvelope event = Envelope("2025-12-01");
  event.set_account_id("policy");
  event.set_event_id("policy-" + std::to_string(partition));
  *event.mutable_authority_policy_set() = StandardPolicy();
  return event;
}

std::vector<v1::EventEnvelope> AccountEvents(const LogOptions& options, int account) {
  const std::string id = "ACC-" + std::to_string(account);
  // No near-INT64_MAX amounts: summed over accounts they would overflow the global ledger totals
  // (which the projector checks and refuses), and that is not what these logs are for.
  GeneratorConfig config;
  config.huge_amount_per_mille = 0;
  EventGenerator generator(options.seed * 7919 + static_cast<uint64_t>(account), config);
  const v1::AuthorityPolicySet policy = StandardPolicy();
  AccountState native;
  v1::AccountState state;  // The API form the generator reads.
  std::vector<v1::EventEnvelope> events;
  v1::EventEnvelope opened = AccountOpened("2026-01-01");
  opened.mutable_account_opened()->set_collector_id(
      options.collectors[static_cast<size_t>(account) % options.collectors.size()]);
  opened.mutable_account_opened()->set_portfolio(account % 2 == 0 ? "retail" : "trade");
  for (int i = 0; i < options.events_per_account; ++i) {
    v1::EventEnvelope event = i == 0 ? opened : generator.Next(state);
    if (i > 0 && generator.Chance(30)) {
      event.clear_body();
      event.mutable_account_updated()->set_collector_id(
          options.collectors[generator.Uniform(options.collectors.size())]);
    }
    event.set_account_id(id);
    event.set_event_id(id + "-e" + std::to_string(i));
    ApplyToAccount(event, policy, &native).postings.clear();
    ToProto(native, &state);
    events.push_back(std::move(event));
  }
  return events;
}

// The standard matrix with every write-off limit cut to one minor unit: most write-off
// requests folded under it await approval instead of applying.
v1::AuthorityPolicySet StrictPolicy() {
  v1::AuthorityPolicySet policy = StandardPolicy();
  policy.set_policy_id("strict");
  for (v1::AuthorityRule& rule : *policy.mutable_rules()) {
    rule.mutable_write_off_limit()->set_amount_minor(1);
  }
  return policy;
}

v1::EventEnvelope PolicyChange(int32_t partition, const v1::AuthorityPolicySet& policy) {
  v1::EventEnvelope event;
  event.set_event_id("policy-change-" + std::to_string(partition));
  event.set_account_id("policy");
  event.mutable_occurred_at()->set_seconds(1767225600);  // 2026-01-01.
  *event.mutable_authority_policy_set() = policy;
  return event;
}

}  // namespace

std::vector<LogRecord> MixedLog(uint64_t seed, int partitions) {
  LogOptions options;
  options.seed = seed;
  options.accounts = 40;
  options.events_per_account = 40;
  options.partitions = partitions;
  const std::vector<LogRecord> generated = GenerateLog(options);
  std::mt19937_64 random(seed);
  std::vector<LogRecord> records;
  for (size_t i = 0; i < generated.size(); ++i) {
    if (i == generated.size() / 3 || i == 2 * generated.size() / 3) {
      const v1::AuthorityPolicySet policy =
          i == generated.size() / 3 ? StrictPolicy() : StandardPolicy();
      for (int32_t partition = 0; partition < partitions; ++partition) {
        v1::EventEnvelope change = PolicyChange(partition, policy);
        change.set_event_id(change.event_id() + "-" + policy.policy_id());
        records.push_back(Record(partition, 0, change));
      }
    }
    records.push_back(generated[i]);
    switch (random() % 40) {
      case 0:  // An exact repeat of an earlier record: a duplicate, on the same partition.
        records.push_back(records[random() % records.size()]);
        break;
      case 1: {  // An earlier event id with other bytes: a conflict.
        const LogRecord& earlier = records[random() % records.size()];
        v1::EventEnvelope event;
        if (!event.ParseFromString(earlier.value)) break;  // Garbage: nothing to conflict with.
        event.mutable_occurred_at()->set_seconds(event.occurred_at().seconds() + 1);
        records.push_back(Record(earlier.partition, 0, event));
        break;
      }
      case 2:  // Not an EventEnvelope at all.
        records.push_back(LogRecord{generated[i].partition, 0, "garbage", "\xff\xff\xff"});
        break;
      default:
        break;
    }
  }
  std::vector<int64_t> next_offset(static_cast<size_t>(partitions), 0);
  for (LogRecord& record : records) record.offset = next_offset[record.partition]++;
  return records;
}

std::unique_ptr<Store> ScratchStores::Open(const StoreOptions& options) {
  std::unique_ptr<Store> store;
  const Status status =
      Store::Open(directory_.path() + "/store" + std::to_string(stores_++), options, &store);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return store;
}

void FoldRecords(Store* store, const std::vector<LogRecord>& records, size_t batch_size) {
  Projector projector(store, "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<v1::DeadLetter> dead_letters;
  for (size_t start = 0; start < records.size(); start += batch_size) {
    const size_t end = std::min(records.size(), start + batch_size);
    const std::vector<LogRecord> batch(records.begin() + static_cast<long>(start),
                                       records.begin() + static_cast<long>(end));
    const Status prepared = projector.Prepare(batch, &dead_letters);
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    const Status committed = projector.Commit();
    ASSERT_TRUE(committed.ok()) << committed.ToString();
  }
  EXPECT_TRUE(dead_letters.empty())
      << dead_letters.size() << " dead letter(s), first: " << dead_letters[0].detail();
}

std::map<std::string, std::string> ReadModelContents(const Store& store, ReadModel model) {
  std::map<std::string, std::string> contents;
  std::unique_ptr<rocksdb::Iterator> it(
      store.db()->NewIterator(rocksdb::ReadOptions(), store.handle(model)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    contents.emplace(it->key().ToString(), it->value().ToString());
  }
  EXPECT_TRUE(it->status().ok());
  return contents;
}

std::vector<LogRecord> GenerateLog(const LogOptions& options) {
  std::vector<std::vector<v1::EventEnvelope>> accounts;
  for (int account = 0; account < options.accounts; ++account) {
    accounts.push_back(AccountEvents(options, account));
  }
  std::vector<int64_t> next_offset(static_cast<size_t>(options.partitions), 0);
  std::vector<LogRecord> records;
  for (int32_t partition = 0; partition < options.partitions; ++partition) {
    records.push_back(Record(partition, next_offset[partition]++, PolicyEvent(partition)));
  }
  for (int i = 0; i < options.events_per_account; ++i) {
    for (int account = 0; account < options.accounts; ++account) {
      const int32_t partition = account % options.partitions;
      records.push_back(Record(partition, next_offset[partition]++, accounts[account][i]));
    }
  }
  return records;
}

v1::EventEnvelope For(const std::string& account_id, v1::EventEnvelope event) {
  static int next = 0;
  event.set_account_id(account_id);
  event.set_event_id(account_id + "-" + std::to_string(++next));
  return event;
}

std::vector<LogRecord> OnePartition(const std::vector<v1::EventEnvelope>& events) {
  std::vector<LogRecord> records = {Record(0, 0, PolicyEvent(0))};
  for (const v1::EventEnvelope& event : events) {
    records.push_back(Record(0, static_cast<int64_t>(records.size()), event));
  }
  return records;
}

}  // namespace arledger::testing
