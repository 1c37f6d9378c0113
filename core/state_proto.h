// Conversions between AccountState (core/account_state.h) and its API form v1::AccountState.
//
// ToProto then FromProto gives back the same AccountState; FromProto then ToProto gives back
// the same message for every state the fold produces (optional sub-messages are present
// exactly where the fold sets them). FromProto refuses a message that no fold could have made:
// a date that is not YYYY-MM-DD (or ""), a currency that is not an ISO-4217 code (or ""), a
// ledger out of (currency, ledger account) order or with a pair twice.
// Pure; thread-compatible.
#pragma once

#include "arledger/v1/events.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_state.h"
#include "core/status.h"

namespace arledger {

void ToProto(const AccountState& state, v1::AccountState* out);
Status FromProto(const v1::AccountState& proto, AccountState* out);

// The parts, for callers that hold one record (summaries, promise index entries).
void ToProto(const Promise& promise, v1::PromiseRecord* out);
void ToProto(const Plan& plan, v1::PlanRecord* out);
void ToProto(const Payment& payment, v1::PaymentRecord* out);
void ToProto(const Instalment& instalment, v1::Instalment* out);
void ToProto(const Dispute& dispute, v1::DisputeRecord* out);
void ToProto(const Referral& referral, v1::ReferralRecord* out);
void ToProto(const Note& note, v1::NoteRecord* out);
Status FromProto(const v1::PromiseRecord& proto, Promise* out);
Status FromProto(const v1::PlanRecord& proto, Plan* out);
Status FromProto(const v1::PaymentRecord& proto, Payment* out);

// Money in the API form: an empty currency stays empty (an absent amount), any other must be
// an ISO-4217 code.
void ToProto(const Money& money, v1::Money* out);
Status FromProto(const v1::Money& proto, Money* out);

}  // namespace arledger
