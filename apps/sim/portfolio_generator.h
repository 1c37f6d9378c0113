// GeneratePortfolio: a realistic, reproducible synthetic accounts-receivable history.
//
// N accounts (about 15% in EUR, the rest GBP) assigned to about N/1000 collectors, simulated
// day by day over M months from a start date. Each account has a payer profile (prompt, steady,
// slow, chronic, defaulter) that skews when it pays: most pay near the due date, a long tail
// pays very late or never. The history holds monthly, annual-renewal and one-off invoices;
// payments with and without remittance, partial, short, misdirected (allocated later) and over
// (refunded); bounced direct debits and card chargebacks (payment_reversed); credit notes,
// amendments, cancellations; disputes upheld or rejected; the collections ladder (reminders,
// calls, promises kept and broken, payment plans kept, modified and broken, referrals closed
// with recoveries, write-offs within and above authority with team-leader or finance approval
// or rejection); collector reassignments, credit-limit reviews and insolvencies. An
// authority_policy_set opens the history (and a revision follows mid-way).
//
// Guarantees, each covered by tests/unit/sim:
// - Every event passes core's ValidateEnvelope.
// - Events come in log order: business days never go backwards across the log, and within one
//   account occurred_at strictly increases.
// - Event ids are unique and deterministic ("<account>-<n>"); the same options give the same
//   events, byte for byte, on any platform (all randomness is integer SplitMix64 per account).
// - The generator mirrors the fold's money rules (oldest-due-first allocation, consumption of
//   held credit) closely enough that almost every event is applied, not rejected.
//
// Streaming: events are handed to a callback one at a time, so memory is per account
// (~200 bytes plus its open invoices and pending actions), never per event.
// Thread-safety: a pure function of its options; concurrent calls are independent.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "arledger/v1/events.pb.h"
#include "core/date.h"
#include "core/status.h"

namespace arledger::sim {

inline constexpr int64_t kAccountsMax = 10'000'000;
inline constexpr int32_t kMonthsMax = 120;

struct PortfolioOptions {
  int64_t accounts = 1000;  // 1..kAccountsMax
  int32_t months = 12;      // 1..kMonthsMax
  uint64_t seed = 1;
  Date start_date = Date::FromDays(20089);  // 2025-01-01
};

struct PortfolioSummary {
  int64_t events = 0;
  std::map<std::string, int64_t> events_by_type;  // Body field name ("invoice_issued") -> count.
  int64_t accounts = 0;
  int32_t collectors = 0;
  int32_t team_leaders = 0;
  std::string first_date;  // Business dates of the first and last events.
  std::string last_date;
};

// Receives each event in log order. A non-OK status stops the generation and is returned.
using EventSink = std::function<Status(const v1::EventEnvelope& event)>;

// Checks the options (kInvalidArgument), then streams the whole history into `sink`.
// `summary` may be null.
Status GeneratePortfolio(const PortfolioOptions& options, const EventSink& sink,
                         PortfolioSummary* summary);

// The account id of the account with 0-based `index` ("AC00000042").
std::string SimAccountId(int64_t index);

}  // namespace arledger::sim
