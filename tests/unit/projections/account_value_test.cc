// Proves the accounts model is read in both of its forms: the encoding projection version 4
// writes, and the protobuf API form versions 2 and 3 wrote (so that the previous store answers
// queries during a rebuild after an upgrade): the same states come back from either, through
// the store's point reads, its snapshot views and its scans; anything else is Corruption.
#include "projections/account_value.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "core/account_details.h"
#include "core/state_codec.h"
#include "core/state_proto.h"
#include "projections/account_queries.h"
#include "projections/store_view.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/core/events_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

// A state folded from a seeded sequence of generated events.
AccountState FoldedState(uint64_t seed, const std::string& account_id) {
  t::EventGenerator generator(seed, t::GeneratorConfig());
  const v1::AuthorityPolicySet policy = t::StandardPolicy();
  AccountState state;
  v1::AccountState api_form;
  for (int i = 0; i < 120; ++i) {
    v1::EventEnvelope event = generator.Next(api_form);
    event.set_account_id(account_id);
    (void)ApplyToAccount(event, policy, &state);
    ToProto(state, &api_form);
  }
  return state;
}

std::string Encoded(const AccountState& state) {
  std::string bytes;
  EncodeAccountState(state, &bytes);
  return bytes;
}

std::string ApiForm(const AccountState& state) {
  v1::AccountState api_form;
  ToProto(state, &api_form);
  return api_form.SerializeAsString();
}

TEST(AccountValueTest, BothFormsDecodeToTheSameState) {
  const AccountState state = FoldedState(51, "acc-1");
  AccountState from_encoding, from_api_form;
  ASSERT_TRUE(DecodeStoredAccount(Encoded(state), &from_encoding).ok());
  ASSERT_TRUE(DecodeStoredAccount(ApiForm(state), &from_api_form).ok());
  EXPECT_TRUE(from_encoding == state);
  EXPECT_TRUE(from_api_form == state);
  AccountState ignored;
  EXPECT_EQ(DecodeStoredAccount("", &ignored).code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeStoredAccount("\x0a\xff", &ignored).code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeStoredAccount("\x07junk", &ignored).code(), StatusCode::kCorruption);
}

TEST(AccountValueTest, AStoreOfTheOlderFormAnswersReadsAndQueries) {
  // Proves what the serving path of a previous-version store reads: Store::GetAccount,
  // StoreView::GetAccount, ForEachAccount and the account view over values in the API form.
  const AccountState first = FoldedState(52, "acc-1");
  const AccountState second = FoldedState(53, "acc-2");
  t::ScratchStores stores;
  std::unique_ptr<Store> store = stores.Open();
  rocksdb::WriteBatch batch;
  batch.Put(store->handle(ReadModel::kAccounts), "acc-1", ApiForm(first));
  batch.Put(store->handle(ReadModel::kAccounts), "acc-2", ApiForm(second));
  ASSERT_TRUE(store->Write(&batch).ok());

  AccountState read;
  bool found = false;
  ASSERT_TRUE(store->GetAccount("acc-1", &read, &found).ok());
  EXPECT_TRUE(found && read == first);
  StoreView view(*store);
  ASSERT_TRUE(view.GetAccount("acc-2", &read, &found).ok());
  EXPECT_TRUE(found && read == second);
  std::vector<AccountState> scanned;
  ASSERT_TRUE(store
                  ->ForEachAccount([&](const AccountState& state) {
                    scanned.push_back(state);
                    return true;
                  })
                  .ok());
  ASSERT_EQ(scanned.size(), 2u);
  EXPECT_TRUE(scanned[0] == first && scanned[1] == second);
  v1::AccountView from_store;
  const Date as_of = *Date::Parse("2027-06-30");
  ASSERT_TRUE(QueryAccountView(*store, "acc-1", as_of, AgingConfig(), &from_store).ok());
  v1::AccountView direct = BuildAccountView(first, as_of, AgingConfig());
  AddAccountDetails(first, as_of, PromiseConfig(), &direct);
  EXPECT_EQ(from_store.SerializeAsString(), direct.SerializeAsString());
}

}  // namespace
}  // namespace arledger
