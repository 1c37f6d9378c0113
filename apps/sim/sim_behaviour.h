// The simulated customers' behaviour: who they are and how they pay, as banded distributions.
//
// The numbers are plausible for a UK/EU B2B subscription book, not calibrated to a real one:
// most invoices are paid within a few days of due, a long tail weeks or months late, a few
// never (defaulters mostly). Pure functions of a SimRandom; no state.
#pragma once

#include <cstdint>

#include "sim/sim_account.h"
#include "sim/sim_random.h"

namespace arledger::sim {

// DrawLateness's answer for an invoice the customer will never pay unprompted.
inline constexpr int32_t kNeverPays = INT32_MAX;

// Fills in a new account's fixed traits: profile, currency, billing plan, payment method,
// terms, base invoice amount.
void DrawTraits(SimAccount* account);

// Days after the due date the customer pays (negative: early), or kNeverPays.
int32_t DrawLateness(Profile profile, SimRandom& random);

// Chance per mille that a payment of this customer is split into two parts.
int32_t PartialPaymentPerMille(Profile profile);

// Chance per mille that a direct debit of this customer bounces.
int32_t BouncePerMille(Profile profile);

// Chance per mille that the customer keeps a promise it would not otherwise have kept.
int32_t PromiseKeptPerMille(Profile profile);

// The method a customer pays by when it pays by itself (not a direct debit collection).
v1::PaymentMethod SelfServiceMethod(const SimAccount& account);

// The amount of one invoice: the account's base with some variation (one-offs vary more).
int64_t DrawInvoiceAmount(SimAccount* account, bool one_off);

}  // namespace arledger::sim
