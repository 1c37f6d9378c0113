// Read replicas on Kafka (librdkafka's mock cluster: 3 brokers, 8 partitions): several ledgerd
// services over the same topic, each with its own projection store, each consuming every
// partition. Proves that writes taken by either replica reach both, that the replicas reach
// the same digest and the same stored offsets, that both answer the same account view over
// HTTP, and that a replica added later from an empty store catches up to the same digest —
// the "adding a replica" step of ops/README.md.
#include <gtest/gtest.h>

#include "core/date.h"
#include "tests/integration/service_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr int kAccounts = 60;  // Enough that every one of the 8 partitions holds accounts.
constexpr int kWaitMs = 10000;

// Per account: opened, an invoice of 100.00, a payment of 40.00.
std::vector<v1::EventEnvelope> AccountEvents(int account) {
  const std::string id = "R" + std::to_string(account);
  return {AccountOpened(id + ":open", id, "2026-01-01"),
          InvoiceIssued(id + ":i1", id, id + "-I1", 10000, "GBP", "2026-01-02", "2026-02-01"),
          PaymentReceived(id + ":p1", id, id + "-P1", 4000, "GBP", "2026-02-05")};
}

// Publishes every account's events, alternating between the replicas (writes go to the log).
void PublishThroughBoth(LedgerService& a, LedgerService& b) {
  for (int account = 0; account < kAccounts; ++account) {
    LedgerService& through = account % 2 == 0 ? a : b;
    v1::PublishResponse response;
    ASSERT_TRUE(through.Publish(AccountEvents(account), &response).ok());
    for (const v1::EventResult& result : response.results()) {
      ASSERT_EQ(result.status(), "applied") << result.event_id();
    }
  }
}

std::string Digest(const LedgerService& service) {
  StoreDigest digest;
  EXPECT_TRUE(service.store().ComputeDigest(&digest).ok());
  return digest.combined_hex;
}

std::vector<int64_t> StoredOffsets(const LedgerService& service) {
  v1::ProjectionMeta meta;
  EXPECT_TRUE(service.store().ReadMeta(&meta).ok());
  std::vector<int64_t> offsets;
  for (const auto& partition : meta.partitions()) offsets.push_back(partition.next_offset());
  return offsets;
}

std::string AccountOverHttp(LedgerService* service, const std::string& account_id) {
  RunningApi api(service);
  auto answer = api.client().Get("/v1/accounts/" + account_id + "?as_of=2026-03-01");
  EXPECT_TRUE(answer) << "no answer";
  if (!answer) return "";
  EXPECT_EQ(answer->status, 200) << answer->body;
  return answer->body;
}

TEST(ReadReplicasTest, ReplicasConsumeEveryPartitionToTheSameDigestAndServeTheSameViews) {
  ServiceFixture fixture(Backend::kKafka);
  std::unique_ptr<LedgerService> a = fixture.StartService(fixture.NewStoreDirectory());
  std::unique_ptr<LedgerService> b = fixture.StartService(fixture.NewStoreDirectory());
  PublishThroughBoth(*a, *b);
  fixture.WaitCaughtUp(*a);
  fixture.WaitCaughtUp(*b);

  const std::vector<int64_t> offsets = StoredOffsets(*a);
  ASSERT_EQ(offsets.size(), 8u);
  for (size_t p = 0; p < offsets.size(); ++p) EXPECT_GT(offsets[p], 0) << "partition " << p;
  EXPECT_EQ(StoredOffsets(*b), offsets);
  EXPECT_EQ(Digest(*a), Digest(*b));
  EXPECT_TRUE(a->Ready());
  EXPECT_TRUE(b->Ready());

  for (const std::string account : {"R0", "R1", "R59"}) {
    const std::string from_a = AccountOverHttp(a.get(), account);
    EXPECT_NE(from_a.find("6000"), std::string::npos) << from_a;  // 100.00 - 40.00 open.
    EXPECT_EQ(AccountOverHttp(b.get(), account), from_a) << account;
  }

  // A replica added later, from an empty store, catches up to the same state.
  std::unique_ptr<LedgerService> c = fixture.StartService(fixture.NewStoreDirectory());
  fixture.WaitCaughtUp(*c);
  EXPECT_EQ(StoredOffsets(*c), offsets);
  EXPECT_EQ(Digest(*c), Digest(*a));
  EXPECT_EQ(AccountOverHttp(c.get(), "R7"), AccountOverHttp(a.get(), "R7"));
}

TEST(ReadReplicasTest, AWriteThroughOneReplicaBecomesVisibleOnTheOther) {
  ServiceFixture fixture(Backend::kKafka);
  std::unique_ptr<LedgerService> a = fixture.StartService(fixture.NewStoreDirectory());
  std::unique_ptr<LedgerService> b = fixture.StartService(fixture.NewStoreDirectory());
  v1::PublishResponse response;
  ASSERT_TRUE(a->Publish(AccountEvents(1), &response).ok());
  const v1::EventResult& last = response.results(response.results_size() - 1);
  // Read-your-writes on the replica that took the write; the other sees it within a bound.
  ASSERT_TRUE(b->WaitForApplied({last.partition(), last.offset()}, kWaitMs));
  v1::AccountView view;
  ASSERT_TRUE(b->GetAccountView("R1", *Date::Parse("2026-03-01"), &view).ok());
  ASSERT_EQ(view.balances_size(), 1);
  EXPECT_EQ(view.balances(0).balance_minor(), 6000);
}

}  // namespace
}  // namespace arledger::testing
