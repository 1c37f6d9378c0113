// EventMaker: turns the simulation's decisions into envelopes and hands them to the sink.
//
// It owns the envelope header conventions: event ids "<account>-<n>" (n counts the account's
// events), business time that strictly increases per account (a per-account clock that starts
// each active day in office hours and steps a few seconds to minutes per event), who recorded
// the event and from which system. One scratch envelope is reused, so the sink must copy what
// it keeps. Not thread-safe; owned by one generator run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/portfolio_generator.h"
#include "sim/sim_account.h"

namespace arledger::sim {

// Who records an event, and through which system.
enum class Actor : uint8_t {
  kCrm,         // Account set-up: principal "crm", role system.
  kBilling,     // Invoices and credit notes: "billing-system", role billing.
  kBank,        // Payments and reversals: "bank-feed", role system.
  kCollector,   // The account's collector, role collector.
  kTeamLeader,  // The collector's team leader, role team_leader.
  kFinance,     // "FIN-01", role finance.
};

inline constexpr uint32_t kCollectorsPerTeam = 8;

std::string CollectorId(uint32_t collector);
std::string TeamLeaderId(uint32_t collector);

class EventMaker {
 public:
  EventMaker(const EventSink& sink, int64_t start_seconds);

  // Starts an event of `account` on `day`; the caller sets the body, then calls Emit().
  v1::EventEnvelope* Begin(SimAccount* account, int32_t day, Actor actor,
                           std::string_view correlation_id = {});
  // Starts revision `revision` of the authority policy on `day` (fully built; call Emit()).
  v1::EventEnvelope* BeginPolicy(int32_t day, int revision);
  // Hands the started event to the sink. After the sink fails, events are dropped and
  // status() says why.
  void Emit();

  const Status& status() const { return status_; }
  // Copies the counts into `summary` (events, by type, first and last dates).
  void FillSummary(PortfolioSummary* summary) const;

  // An id of `kind` ("INV", "PAY"...) unique within the portfolio: "<kind>-<account>-<n>".
  static std::string Id(const SimAccount& account, std::string_view kind, uint32_t number);

 private:
  static constexpr size_t kBodyFieldsMax = 128;  // Above the largest body field number.

  void SetPrincipal(const SimAccount& account, Actor actor);

  const EventSink& sink_;
  const int64_t start_seconds_;
  v1::EventEnvelope event_;
  int32_t event_day_ = 0;
  Status status_;
  int64_t events_ = 0;
  int32_t first_day_ = -1;
  int32_t last_day_ = 0;
  std::array<int64_t, kBodyFieldsMax> by_body_field_{};
};

// Sets `money` to `amount_minor` of `currency`.
void SetMoney(v1::Money* money, int64_t amount_minor, const char* currency);

}  // namespace arledger::sim
