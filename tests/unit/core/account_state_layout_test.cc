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

// The size a record would have with no padding between its fields: their sizes summed, rounded
// up to the record's alignment (the tail padding no field order can avoid).
template <typename Record, typename... Fields>
constexpr size_t UnpaddedSize(const Fields&... fields) {
  const size_t sum = (sizeof(fields) + ...);
  return (sum + alignof(Record) - 1) / alignof(Record) * alignof(Record);
}

TEST(AccountStateLayoutTest, RecordsAnAccountHoldsManyOfHaveNoPaddingBetweenFields) {
  // An account holds one of these per invoice, settlement, payment or note: a field added in a
  // gap-making place (a 4-byte field between two 8-byte ones) grows every one of them by 8.
  const Settlement t;
  EXPECT_EQ(sizeof(Settlement),
            UnpaddedSize<Settlement>(t.date, t.kind, t.amount_minor, t.ref, t.amount_change_minor,
                                     t.previous_due_date));
  const Item i;
  EXPECT_EQ(sizeof(Item),
            UnpaddedSize<Item>(i.invoice_id, i.issue_date, i.due_date, i.currency, i.status,
                               i.amount_minor, i.open_minor, i.disputed_minor, i.written_off_minor,
                               i.settlements, i.reference, i.renewal));
  const Payment p;
  EXPECT_EQ(sizeof(Payment), UnpaddedSize<Payment>(p.payment_id, p.date, p.method, p.amount,
                                                   p.allocations, p.unallocated_minor,
                                                   p.reversed_date, p.reversal_reason, p.reversed));
  const Note n;
  EXPECT_EQ(sizeof(Note),
            UnpaddedSize<Note>(n.note_id, n.date, n.contact_channel, n.text, n.author_id));
}

}  // namespace
}  // namespace arledger
