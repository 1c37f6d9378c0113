// The order of AccountState's fields: the ones nearly every event touches lie within its first
// kAccountStateHotBytes, which the projector and the fold benchmark fetch ahead of the fold.
// A field added or moved into the hot front, or a hot field moved behind it, fails here.
#include <gtest/gtest.h>

#include <cstddef>

#include "core/account_state.h"

namespace arledger {
namespace {

// Where `field` ends, in bytes from the start of `state`.
template <typename Field>
size_t EndOf(const AccountState& state, const Field& field) {
  return static_cast<size_t>(reinterpret_cast<const char*>(&field) + sizeof(Field) -
                             reinterpret_cast<const char*>(&state));
}

TEST(AccountStateLayoutTest, FieldsEveryEventTouchesLieInTheHotFront) {
  const AccountState state;
  EXPECT_LE(EndOf(state, state.account_id), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.last_event_date), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.events_applied), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.events_rejected), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.items), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.payments), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.ledger), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.unallocated_cash), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.account_credit), kAccountStateHotBytes);
  EXPECT_LE(EndOf(state, state.unallocated_cash_changes), kAccountStateHotBytes);
  EXPECT_EQ(EndOf(state, state.account_credit_changes), kAccountStateHotBytes)
      << "the hot front ends with the last hot field: nothing cold is fetched with it";
}

TEST(AccountStateLayoutTest, DetailsAndCollectionsRecordsLieBehindIt) {
  const AccountState state;
  auto start_of = [&](const auto& field) {
    return static_cast<size_t>(reinterpret_cast<const char*>(&field) -
                               reinterpret_cast<const char*>(&state));
  };
  EXPECT_GE(start_of(state.name), kAccountStateHotBytes);
  EXPECT_GE(start_of(state.contact), kAccountStateHotBytes);
  EXPECT_GE(start_of(state.notes), kAccountStateHotBytes);
  EXPECT_GE(start_of(state.write_offs), kAccountStateHotBytes);
}

}  // namespace
}  // namespace arledger
