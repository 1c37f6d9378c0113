// Proves the id look-ups the fold makes on most events: SameId (its inline tail-first compare)
// agrees with string equality on every pair of short and long ids, and FindById finds exactly
// the record with the id, compared in place.
#include "core/state_access.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace arledger {
namespace {

TEST(SameIdTest, AgreesWithStringEqualityAtEverySizeAndEveryDifferingByte) {
  // Ids of 0 to 24 bytes: below, at and above the eight-byte tail. For each, the same id, one
  // that differs in exactly one byte (each position in turn: in the tail, just before it, at
  // the start), and one a byte longer.
  int compared = 0;
  for (size_t size = 0; size <= 24; ++size) {
    std::string id;
    for (size_t i = 0; i < size; ++i) id += static_cast<char>('A' + i % 26);
    EXPECT_TRUE(SameId(id, std::string(id))) << id;
    EXPECT_FALSE(SameId(id, id + "X")) << id;
    EXPECT_FALSE(SameId(id + "X", id)) << id;
    for (size_t at = 0; at < size; ++at) {
      std::string other = id;
      other[at] = '-';
      EXPECT_FALSE(SameId(id, other)) << id << " vs " << other;
      EXPECT_FALSE(SameId(other, id)) << other << " vs " << id;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 300);  // 0 + 1 + ... + 24 one-byte differences.
}

TEST(FindByIdTest, FindsTheRecordWithTheIdAndNoOther) {
  AccountState state;
  for (const char* id : {"INV-1042-1", "INV-1042-2", "INV-1042-10", "INV-1", "INV-2"}) {
    state.items.emplace_back().invoice_id = id;
  }
  for (size_t i = 0; i < state.items.size(); ++i) {
    EXPECT_EQ(FindItem(&state, state.items[i].invoice_id), &state.items[i]);
  }
  EXPECT_EQ(FindItem(state, "INV-1042-3"), nullptr);  // Same size and prefix, other tail.
  EXPECT_EQ(FindItem(state, "INV-1042-"), nullptr);   // A prefix of several.
  EXPECT_EQ(FindItem(state, "INV-3"), nullptr);       // Short, differing in its last byte.
  EXPECT_EQ(FindItem(state, ""), nullptr);
  state.payments.emplace_back().payment_id = "PAY-1042-77";
  EXPECT_EQ(FindPayment(state, "PAY-1042-77"), &state.payments[0]);
  EXPECT_EQ(FindPayment(state, "PAY-1042-78"), nullptr);
}

}  // namespace
}  // namespace arledger
