#include "sim/sim_behaviour.h"

#include <array>

namespace arledger::sim {
namespace {

// Profile mix, in profile order: prompt, steady, slow, chronic, defaulter.
constexpr std::array<int32_t, kProfileCount> kProfileWeights = {450, 300, 150, 70, 30};

// Lateness in days after due (per mille weights); a band of kNeverPays means never.
constexpr std::array<Band, 4> kPromptLateness = {
    {{300, -10, -1}, {600, 0, 3}, {90, 4, 15}, {10, 16, 45}}};
constexpr std::array<Band, 4> kSteadyLateness = {
    {{200, -5, 0}, {500, 1, 10}, {250, 11, 30}, {50, 31, 60}}};
constexpr std::array<Band, 5> kSlowLateness = {
    {{200, 0, 10}, {350, 11, 30}, {300, 31, 60}, {120, 61, 120}, {30, kNeverPays, kNeverPays}}};
constexpr std::array<Band, 5> kChronicLateness = {
    {{150, 11, 30}, {250, 31, 60}, {300, 61, 120}, {150, 121, 240}, {150, kNeverPays, kNeverPays}}};
constexpr std::array<Band, 3> kDefaulterLateness = {
    {{200, 31, 90}, {200, 91, 180}, {600, kNeverPays, kNeverPays}}};

// Base invoice amounts in minor units: a skewed book, most small, a few large accounts.
constexpr std::array<Band, 5> kBaseAmounts = {{{400, 2'000, 10'000},
                                               {300, 10'000, 50'000},
                                               {180, 50'000, 200'000},
                                               {90, 200'000, 1'000'000},
                                               {30, 1'000'000, 5'000'000}}};

constexpr std::array<int32_t, 3> kPlanWeights = {700, 100, 200};  // Monthly, annual, ad hoc.
// Card, direct debit, bank transfer, cheque.
constexpr std::array<int32_t, 4> kMethodWeights = {200, 300, 450, 50};
constexpr std::array<v1::PaymentMethod, 4> kMethods = {
    v1::PAYMENT_METHOD_CARD, v1::PAYMENT_METHOD_DIRECT_DEBIT, v1::PAYMENT_METHOD_BANK_TRANSFER,
    v1::PAYMENT_METHOD_CHEQUE};
constexpr std::array<int32_t, 4> kTermsWeights = {150, 650, 100, 100};
constexpr std::array<uint8_t, 4> kTermsDays = {14, 30, 45, 60};
constexpr int32_t kEurPerMille = 150;

}  // namespace

void DrawTraits(SimAccount* account) {
  SimRandom& random = account->random;
  account->profile = static_cast<Profile>(random.Pick(kProfileWeights));
  account->eur = random.PerMille(kEurPerMille);
  account->plan = static_cast<BillingPlan>(random.Pick(kPlanWeights));
  account->method = kMethods[random.Pick(kMethodWeights)];
  account->terms_days = kTermsDays[random.Pick(kTermsWeights)];
  account->base_amount_minor = random.FromBands(kBaseAmounts);
}

int32_t DrawLateness(Profile profile, SimRandom& random) {
  switch (profile) {
    case Profile::kPrompt:
      return static_cast<int32_t>(random.FromBands(kPromptLateness));
    case Profile::kSteady:
      return static_cast<int32_t>(random.FromBands(kSteadyLateness));
    case Profile::kSlow:
      return static_cast<int32_t>(random.FromBands(kSlowLateness));
    case Profile::kChronic:
      return static_cast<int32_t>(random.FromBands(kChronicLateness));
    case Profile::kDefaulter:
      return static_cast<int32_t>(random.FromBands(kDefaulterLateness));
  }
  return kNeverPays;
}

int32_t PartialPaymentPerMille(Profile profile) {
  constexpr std::array<int32_t, kProfileCount> kPerMille = {30, 60, 120, 200, 250};
  return kPerMille[static_cast<size_t>(profile)];
}

int32_t BouncePerMille(Profile profile) {
  constexpr std::array<int32_t, kProfileCount> kPerMille = {5, 15, 50, 120, 300};
  return kPerMille[static_cast<size_t>(profile)];
}

int32_t PromiseKeptPerMille(Profile profile) {
  constexpr std::array<int32_t, kProfileCount> kPerMille = {800, 650, 500, 350, 200};
  return kPerMille[static_cast<size_t>(profile)];
}

v1::PaymentMethod SelfServiceMethod(const SimAccount& account) {
  return account.method == v1::PAYMENT_METHOD_DIRECT_DEBIT ? v1::PAYMENT_METHOD_BANK_TRANSFER
                                                           : account.method;
}

int64_t DrawInvoiceAmount(SimAccount* account, bool one_off) {
  SimRandom& random = account->random;
  return one_off ? random.ScalePercent(account->base_amount_minor, 20, 300)
                 : random.ScalePercent(account->base_amount_minor, 90, 110);
}

}  // namespace arledger::sim
