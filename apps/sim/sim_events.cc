#include "sim/sim_events.h"

#include <cstdio>

#include "core/date.h"
#include "core/status.h"

namespace arledger::sim {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kOfficeOpensSeconds = 7 * 3600;  // The first event of a day: 07:00..11:00.
constexpr int64_t kOfficeSpreadSeconds = 4 * 3600;
constexpr int64_t kStepSecondsMin = 10;  // Between events of one account and day.
constexpr int64_t kStepSecondsMax = 100;

std::string Padded(const char* prefix, uint32_t number, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%0*u", prefix, width, number);
  return buffer;
}

}  // namespace

std::string CollectorId(uint32_t collector) { return Padded("COL-", collector + 1, 4); }

std::string TeamLeaderId(uint32_t collector) {
  return Padded("TL-", collector / kCollectorsPerTeam + 1, 3);
}

void SetMoney(v1::Money* money, int64_t amount_minor, const char* currency) {
  money->set_amount_minor(amount_minor);
  money->set_currency(currency);
}

EventMaker::EventMaker(const EventSink& sink, int64_t start_seconds)
    : sink_(sink), start_seconds_(start_seconds) {}

std::string EventMaker::Id(const SimAccount& account, std::string_view kind, uint32_t number) {
  std::string id(kind);
  id += '-';
  id += std::to_string(account.index);
  id += '-';
  id += std::to_string(number);
  return id;
}

v1::EventEnvelope* EventMaker::Begin(SimAccount* account, int32_t day, Actor actor,
                                     std::string_view correlation_id) {
  event_.Clear();
  const int64_t day_start = start_seconds_ + int64_t{day} * kSecondsPerDay;
  if (account->clock_seconds < day_start) {
    account->clock_seconds = day_start + kOfficeOpensSeconds +
                             static_cast<int64_t>(account->random.Below(kOfficeSpreadSeconds));
  } else {
    account->clock_seconds += account->random.Between(kStepSecondsMin, kStepSecondsMax);
  }
  // The day's events must stay on their business day (bounded by actions per wake).
  ARLEDGER_CHECK(account->clock_seconds < day_start + kSecondsPerDay);
  const std::string account_id = SimAccountId(account->index);
  event_.set_event_id(account_id + "-" + std::to_string(++account->events));
  event_.set_account_id(account_id);
  event_.mutable_occurred_at()->set_seconds(account->clock_seconds);
  event_.set_correlation_id(std::string(correlation_id));
  SetPrincipal(*account, actor);
  event_day_ = day;
  return &event_;
}

void EventMaker::SetPrincipal(const SimAccount& account, Actor actor) {
  v1::Principal* principal = event_.mutable_recorded_by();
  switch (actor) {
    case Actor::kCrm:
      principal->set_principal_id("crm");
      principal->set_role("system");
      event_.set_source("crm");
      return;
    case Actor::kBilling:
      principal->set_principal_id("billing-system");
      principal->set_role("billing");
      event_.set_source("billing");
      return;
    case Actor::kBank:
      principal->set_principal_id("bank-feed");
      principal->set_role("system");
      event_.set_source("bank-feed");
      return;
    case Actor::kCollector:
      principal->set_principal_id(CollectorId(account.collector));
      principal->set_role("collector");
      break;
    case Actor::kTeamLeader:
      principal->set_principal_id(TeamLeaderId(account.collector));
      principal->set_role("team_leader");
      break;
    case Actor::kFinance:
      principal->set_principal_id("FIN-01");
      principal->set_role("finance");
      break;
  }
  event_.set_source("api");
}

v1::EventEnvelope* EventMaker::BeginPolicy(int32_t day, int revision) {
  event_.Clear();
  event_.set_event_id("authority-policy-" + std::to_string(revision));
  event_.set_account_id("authority-policy");
  event_.mutable_occurred_at()->set_seconds(start_seconds_ + int64_t{day} * kSecondsPerDay +
                                            kOfficeOpensSeconds / 2);
  event_.mutable_recorded_by()->set_principal_id("FIN-01");
  event_.mutable_recorded_by()->set_role("finance");
  event_.set_source("api");
  event_day_ = day;
  return &event_;
}

void EventMaker::Emit() {
  if (!status_.ok()) return;
  status_ = sink_(event_);
  if (!status_.ok()) return;
  ++events_;
  const size_t field = static_cast<size_t>(event_.body_case());
  ARLEDGER_CHECK(field < kBodyFieldsMax);
  ++by_body_field_[field];
  if (first_day_ < 0) first_day_ = event_day_;
  last_day_ = event_day_;
}

void EventMaker::FillSummary(PortfolioSummary* summary) const {
  summary->events = events_;
  summary->events_by_type.clear();
  for (size_t field = 0; field < kBodyFieldsMax; ++field) {
    if (by_body_field_[field] == 0) continue;
    const google::protobuf::FieldDescriptor* descriptor =
        v1::EventEnvelope::descriptor()->FindFieldByNumber(static_cast<int>(field));
    summary->events_by_type[descriptor != nullptr ? descriptor->name() : "unknown"] =
        by_body_field_[field];
  }
  const auto date_of = [this](int32_t day) {
    return Date::FromUnixSeconds(start_seconds_ + int64_t{day} * kSecondsPerDay).ToString();
  };
  summary->first_date = first_day_ < 0 ? "" : date_of(first_day_);
  summary->last_date = first_day_ < 0 ? "" : date_of(last_day_);
}

}  // namespace arledger::sim
