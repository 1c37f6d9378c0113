// The run: create the accounts, then walk the calendar day by day, waking each account on the
// days it has something to do (a bucket of account indices per day), policy events first.
#include "sim/portfolio_generator.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "sim/account_simulator.h"
#include "sim/sim_authority.h"
#include "sim/sim_behaviour.h"

namespace arledger::sim {
namespace {

constexpr int64_t kAccountsPerCollector = 1000;
constexpr int32_t kEarlyOpenPerMille = 850;  // Accounts open in the first month; the rest later.
constexpr int32_t kFirstMonthDays = 28;

// `start` plus `months` calendar months, the day clamped to the target month's length.
Date AddMonths(Date start, int32_t months) {
  int year = 0;
  int month = 0;
  int day = 0;
  start.ToCivil(&year, &month, &day);
  const int month_index = month - 1 + months;
  for (int clamped = day; clamped >= 28; --clamped) {
    Result<Date> date = Date::FromCivil(year + month_index / 12, month_index % 12 + 1, clamped);
    if (date.ok()) return *date;
  }
  return *Date::FromCivil(year + month_index / 12, month_index % 12 + 1, std::min(day, 28));
}

Status CheckOptions(const PortfolioOptions& options) {
  if (options.accounts < 1 || options.accounts > kAccountsMax) {
    return InvalidArgument("accounts: must be within 1.." + std::to_string(kAccountsMax));
  }
  if (options.months < 1 || options.months > kMonthsMax) {
    return InvalidArgument("months: must be within 1.." + std::to_string(kMonthsMax));
  }
  int year = 0;
  int month = 0;
  int day = 0;
  options.start_date.ToCivil(&year, &month, &day);
  if (year < 1970 || year > 9000) return InvalidArgument("start date: must be within 1970..9000");
  return Status::Ok();
}

SimAccount NewAccount(const PortfolioOptions& options, const SimWorld& world, uint32_t index) {
  SimAccount account(SimRandom::ForStream(options.seed, index));
  account.index = index;
  DrawTraits(&account);
  SimRandom& random = account.random;
  account.collector = static_cast<uint32_t>(random.Below(world.collectors));
  const int32_t late_open_days = std::max(1, world.total_days * 2 / 3);
  account.open_day = static_cast<int32_t>(
      random.PerMille(kEarlyOpenPerMille) ? random.Below(kFirstMonthDays)
                                          : random.Below(static_cast<uint64_t>(late_open_days)));
  account.open_day = std::min(account.open_day, world.total_days - 1);
  int year = 0;
  int month = 0;
  int day = 0;
  world.start_date.AddDays(account.open_day).ToCivil(&year, &month, &day);
  account.bill_day_of_month = static_cast<uint8_t>(std::min(day, 28));
  account.actions.push_back({.day = account.open_day, .kind = ActionKind::kOpen});
  account.next_wake = account.open_day;
  return account;
}

void EmitPolicy(EventMaker* events, int32_t day, int revision) {
  FillAuthorityPolicy(revision, events->BeginPolicy(day, revision)->mutable_authority_policy_set());
  events->Emit();
}

}  // namespace

std::string SimAccountId(int64_t index) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "AC%08lld", static_cast<long long>(index));
  return buffer;
}

Status GeneratePortfolio(const PortfolioOptions& options, const EventSink& sink,
                         PortfolioSummary* summary) {
  ARLEDGER_RETURN_IF_ERROR(CheckOptions(options));
  SimWorld world;
  world.start_date = options.start_date;
  world.total_days = AddMonths(options.start_date, options.months) - options.start_date;
  if (options.months > kPolicyRevisionMonth) {
    world.policy_revision_day =
        AddMonths(options.start_date, kPolicyRevisionMonth) - options.start_date;
  }
  world.collectors = static_cast<uint32_t>(
      std::max<int64_t>(1, (options.accounts + kAccountsPerCollector / 2) / kAccountsPerCollector));

  std::vector<SimAccount> accounts;
  accounts.reserve(static_cast<size_t>(options.accounts));
  std::vector<std::vector<uint32_t>> wakes(static_cast<size_t>(world.total_days));
  for (int64_t i = 0; i < options.accounts; ++i) {
    accounts.push_back(NewAccount(options, world, static_cast<uint32_t>(i)));
    wakes[static_cast<size_t>(accounts.back().next_wake)].push_back(static_cast<uint32_t>(i));
  }

  EventMaker events(sink, int64_t{options.start_date.days_since_epoch()} * 86'400);
  AccountSimulator simulator(world, &events);
  for (int32_t day = 0; day < world.total_days && events.status().ok(); ++day) {
    if (day == 0) EmitPolicy(&events, day, 1);
    if (day == world.policy_revision_day) EmitPolicy(&events, day, 2);
    const std::vector<uint32_t> due = std::move(wakes[static_cast<size_t>(day)]);
    for (uint32_t index : due) {
      SimAccount& account = accounts[index];
      if (account.next_wake != day) continue;  // Stale: woken earlier and rescheduled.
      simulator.RunDay(&account, day);
      if (!events.status().ok()) break;
      if (account.next_wake != kNoDay) {
        ARLEDGER_CHECK(account.next_wake > day && account.next_wake < world.total_days);
        wakes[static_cast<size_t>(account.next_wake)].push_back(index);
      }
    }
  }
  ARLEDGER_RETURN_IF_ERROR(events.status());
  if (summary != nullptr) {
    events.FillSummary(summary);
    summary->accounts = options.accounts;
    summary->collectors = static_cast<int32_t>(world.collectors);
    summary->team_leaders =
        static_cast<int32_t>((world.collectors + kCollectorsPerTeam - 1) / kCollectorsPerTeam);
  }
  return Status::Ok();
}

}  // namespace arledger::sim
