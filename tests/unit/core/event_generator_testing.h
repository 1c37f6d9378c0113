// A seeded generator of random, valid event sequences for one account, for property tests.
//
// Every event it makes passes ValidateEnvelope; many are still refused by the fold (a refund
// above what is held, a write-off above the open amount, a reversal of a reversed payment...),
// which is the point: the invariants must hold whatever the fold decides. The generator looks
// at the current state so that most events name invoices, payments, disputes and write-offs
// that exist. All randomness comes from the seed (SplitMix64, portable), so a failing seed
// replays exactly: set ARLEDGER_SEED=<seed> to run just that one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/date.h"

namespace arledger::testing {

struct GeneratorConfig {
  std::vector<std::string> currencies = {"GBP", "EUR"};
  int64_t amount_max_minor = 500'000;
  // Chance in 1000 that an amount is near INT64_MAX / 2, to exercise overflow refusals.
  int32_t huge_amount_per_mille = 5;
  // Whether business dates may go backwards (late-arriving, backdated events).
  bool backdating = true;
};

class EventGenerator {
 public:
  EventGenerator(uint64_t seed, GeneratorConfig config);

  // The next event, given the account's state after all previous ones were folded.
  v1::EventEnvelope Next(const v1::AccountState& state);

  uint64_t Uniform(uint64_t bound);  // In [0, bound); bound > 0.
  bool Chance(int32_t per_mille) { return Uniform(1000) < static_cast<uint64_t>(per_mille); }
  Date today() const { return today_; }

 private:
  uint64_t NextRandom();
  v1::EventEnvelope Begin();
  int64_t Amount();
  const std::string& AnyCurrency();
  std::string ExistingOrNewId(const std::vector<std::string>& existing, const std::string& prefix);

  void InvoiceIssued(v1::EventEnvelope* event);
  void InvoiceChanged(const v1::AccountState& state, v1::EventEnvelope* event);
  void PaymentReceived(const v1::AccountState& state, v1::EventEnvelope* event);
  void PaymentFollowUp(const v1::AccountState& state, v1::EventEnvelope* event);
  void PaymentAllocated(const v1::AccountState& state, const std::string& payment_id,
                        v1::PaymentAllocated* body);
  void CreditNoteIssued(const v1::AccountState& state, v1::EventEnvelope* event);
  void Dispute(const v1::AccountState& state, v1::EventEnvelope* event);
  void WriteOff(const v1::AccountState& state, v1::EventEnvelope* event);
  void Collections(const v1::AccountState& state, v1::EventEnvelope* event);
  void AccountEvent(const v1::AccountState& state, v1::EventEnvelope* event);

  uint64_t random_state_;
  GeneratorConfig config_;
  Date today_;
  int64_t next_id_ = 0;
};

// A small seeded generator for a test's own random choices: the same seed, the same numbers.
class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  // A number in [0, bound).
  uint64_t Below(uint64_t bound) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return (state_ >> 33) % bound;
  }

 private:
  uint64_t state_;
};

// The seeds a property test should run: just ARLEDGER_SEED when it is set, otherwise
// `count` seeds derived from `base`.
std::vector<uint64_t> PropertySeeds(uint64_t base, int count);

}  // namespace arledger::testing
