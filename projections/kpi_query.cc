// QueryKpis: money flows from the daily model, current receivables from aged debt, promise
// outcomes from the promise index, combined by core's formulas.
#include "projections/kpi_query.h"

#include <limits>
#include <map>

#include "core/kpi_formulas.h"
#include "core/money.h"
#include "projections/aged_debt_query.h"
#include "projections/daily_totals.h"
#include "projections/promise_queries.h"
#include "projections/read_model_keys.h"

namespace arledger {
namespace {

using Int128 = __int128;

// One currency's sums over the daily entries up to `to`.
struct Flows {
  Int128 opening_receivables = 0, closing_receivables = 0;  // Net debits.
  Int128 unallocated = 0, credit = 0;                       // Net debits (held: negative).
  Int128 sales = 0, cash = 0, refunds = 0, written_off = 0, credited = 0;
  Int128 write_offs = 0, credit_notes = 0;
  std::map<v1::ReferralType, std::array<Int128, 4>> referrals;  // made, value, closed, recovered.
  std::array<Int128, kCountbackMonthsMax> month_sales{};
};

Int128 Net(const v1::DailyTotals& day, v1::LedgerAccount account) {
  const v1::LedgerMovement movement = MovementOf(day, account);
  return Int128{movement.debit_minor()} - movement.credit_minor();
}

int MonthIndex(Date date) {
  int year = 0, month = 0, day = 0;
  date.ToCivil(&year, &month, &day);
  return year * 12 + month - 1;
}

void AddPeriodFlows(const v1::DailyTotals& day, Flows* flows) {
  flows->sales -= Net(day, v1::LEDGER_ACCOUNT_REVENUE);
  flows->cash += Net(day, v1::LEDGER_ACCOUNT_CASH);
  flows->refunds -= Net(day, v1::LEDGER_ACCOUNT_REFUNDS);
  flows->written_off += MovementOf(day, v1::LEDGER_ACCOUNT_BAD_DEBT).debit_minor();
  flows->credited += MovementOf(day, v1::LEDGER_ACCOUNT_CREDIT_NOTES).debit_minor();
  flows->write_offs += day.write_offs();
  flows->credit_notes += day.credit_notes();
  for (const v1::ReferralMovement& referral : day.referrals()) {
    std::array<Int128, 4>& sums = flows->referrals[referral.type()];
    sums[0] += referral.made();
    sums[1] += referral.value_assigned_minor();
    sums[2] += referral.closed();
    sums[3] += referral.recovered_minor();
  }
}

void AddDay(const v1::DailyTotals& day, const KpiRequest& request, Flows* flows) {
  Result<Date> date = Date::Parse(day.date());
  if (!date.ok() || *date > request.to) return;
  const Int128 receivables = Net(day, v1::LEDGER_ACCOUNT_RECEIVABLES);
  flows->closing_receivables += receivables;
  if (*date < request.from) flows->opening_receivables += receivables;
  flows->unallocated += Net(day, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH);
  flows->credit += Net(day, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT);
  const int months_back = MonthIndex(request.to) - MonthIndex(*date);
  if (months_back < kCountbackMonthsMax) {
    flows->month_sales[months_back] -= Net(day, v1::LEDGER_ACCOUNT_REVENUE);
  }
  if (*date >= request.from) AddPeriodFlows(day, flows);
}

Status ScanFlows(const StoreView& view, const KpiRequest& request,
                 std::map<std::string, Flows>* flows) {
  const std::string prefix = request.currency.empty() ? "" : DailyPrefix(request.currency);
  Status failure = Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(
      view.Scan(ReadModel::kDaily, prefix, request.currency.empty() ? "" : PrefixEnd(prefix),
                [&](std::string_view, std::string_view value) {
                  v1::DailyTotals day;
                  if (!day.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                    failure = Corruption("daily totals do not parse");
                    return false;
                  }
                  AddDay(day, request, &(*flows)[day.currency()]);
                  return true;
                }));
  return failure;
}

// Narrows a 128-bit sum; OutOfRange names the figure when it does not fit int64.
class Narrow {
 public:
  explicit Narrow(const std::string& currency) : currency_(currency) {}
  int64_t operator()(Int128 value, const char* what) {
    if (value > std::numeric_limits<int64_t>::max() ||
        value < std::numeric_limits<int64_t>::min()) {
      if (status_.ok()) status_ = OutOfRange(std::string(what) + " in " + currency_ + " overflows");
      return 0;
    }
    return static_cast<int64_t>(value);
  }
  const Status& status() const { return status_; }

 private:
  std::string currency_;
  Status status_;
};

void FillCountback(const Flows& flows, const KpiRequest& request, v1::CurrencyKpis* out,
                   Narrow& narrow) {
  std::vector<CountbackMonthInput> months;
  std::vector<std::pair<Date, Date>> windows;
  for (int k = 0; k < kCountbackMonthsMax; ++k) {
    const Date start = request.to.AddMonthsToFirst(-k);
    const Date end = k == 0 ? request.to : request.to.AddMonthsToFirst(-k + 1).AddDays(-1);
    months.push_back({narrow(flows.month_sales[k], "monthly credit sales"), end - start + 1});
    windows.emplace_back(start, end);
  }
  const CountbackResult countback = CountbackDso(out->closing_receivables_minor(), months);
  out->set_dso_countback_days(countback.days);
  out->set_dso_countback_capped(countback.capped);
  for (size_t k = 0; k < countback.days_counted.size(); ++k) {
    v1::CountbackMonth* month = out->add_countback();
    month->set_from(windows[k].first.ToString());
    month->set_to(windows[k].second.ToString());
    month->set_credit_sales_minor(months[k].credit_sales_minor);
    month->set_days_counted(countback.days_counted[k]);
  }
}

Status FillCurrency(const std::string& currency, const Flows& flows, const KpiRequest& request,
                    int64_t closing_current, v1::CurrencyKpis* out) {
  Narrow narrow(currency);
  out->set_currency(currency);
  out->set_opening_receivables_minor(narrow(flows.opening_receivables, "opening receivables"));
  out->set_closing_receivables_minor(narrow(flows.closing_receivables, "closing receivables"));
  out->set_closing_current_receivables_minor(closing_current);
  out->set_credit_sales_minor(narrow(flows.sales, "credit sales"));
  out->set_cash_collected_minor(narrow(flows.cash, "cash collected"));
  out->set_refunds_minor(narrow(flows.refunds, "refunds"));
  out->set_write_offs(narrow(flows.write_offs, "write-offs"));
  out->set_write_offs_minor(narrow(flows.written_off, "write-off value"));
  out->set_credit_notes(narrow(flows.credit_notes, "credit notes"));
  out->set_credit_notes_minor(narrow(flows.credited, "credit note value"));
  out->set_unallocated_cash_minor(narrow(-flows.unallocated, "unallocated cash"));
  out->set_account_credit_minor(narrow(-flows.credit, "account credit"));
  for (const auto& [type, sums] : flows.referrals) {
    v1::ReferralKpi* referral = out->add_referrals();
    referral->set_type(type);
    referral->set_made(narrow(sums[0], "referrals"));
    referral->set_value_assigned_minor(narrow(sums[1], "referral value"));
    referral->set_closed(narrow(sums[2], "referrals closed"));
    referral->set_recovered_minor(narrow(sums[3], "amount recovered"));
  }
  FillCountback(flows, request, out, narrow);
  const int32_t days = request.to - request.from + 1;
  if (auto dso = SimpleDso(out->closing_receivables_minor(), out->credit_sales_minor(), days)) {
    out->set_dso_simple_days(*dso);
  }
  if (auto cei = CollectionEffectivenessIndex(
          out->opening_receivables_minor(), out->credit_sales_minor(),
          out->closing_receivables_minor(), out->closing_current_receivables_minor())) {
    out->set_cei_percent(*cei);
  }
  return narrow.status();
}

}  // namespace

Status QueryKpis(const StoreView& view, const KpiRequest& request, const AgingConfig& aging,
                 const PromiseConfig& promises, v1::KpiReport* report) {
  if (request.from > request.to) return InvalidArgument("from must not be after to");
  if (request.to - request.from >= kKpiPeriodDaysMax) {
    return InvalidArgument("from: the period from..to must be shorter than " +
                           std::to_string(kKpiPeriodDaysMax) + " days");
  }
  if (!request.currency.empty() && !IsKnownCurrency(request.currency)) {
    return InvalidArgument("currency '" + request.currency + "' is not an ISO-4217 code");
  }
  std::map<std::string, Flows> flows;
  ARLEDGER_RETURN_IF_ERROR(ScanFlows(view, request, &flows));
  AgedDebtOptions options;
  options.lines = false;
  options.aging = aging;
  v1::AgedDebtReport aged;
  ARLEDGER_RETURN_IF_ERROR(QueryAgedDebt(view, request.to, options, &aged));
  std::map<std::string, PromiseOutcomes> outcomes;
  ARLEDGER_RETURN_IF_ERROR(
      CountPromiseOutcomes(view, request.from, request.to, promises, &outcomes));
  for (const auto& [currency, counted] : outcomes) {
    if (request.currency.empty() || currency == request.currency) flows.try_emplace(currency);
  }

  report->Clear();
  report->set_from(request.from.ToString());
  report->set_to(request.to.ToString());
  report->set_days(request.to - request.from + 1);
  report->set_current_basis(aged.basis());
  for (const auto& [currency, currency_flows] : flows) {
    int64_t current = 0;
    for (const v1::AgingBuckets& totals : aged.totals()) {
      if (totals.currency() == currency) current = totals.current_minor();
    }
    v1::CurrencyKpis* out = report->add_currencies();
    ARLEDGER_RETURN_IF_ERROR(FillCurrency(currency, currency_flows, request, current, out));
    const PromiseOutcomes& counted = outcomes[currency];
    out->set_promises_kept(counted.kept);
    out->set_promises_broken(counted.broken);
    if (counted.kept + counted.broken > 0) {
      out->set_promise_kept_rate(static_cast<double>(counted.kept) /
                                 static_cast<double>(counted.kept + counted.broken));
    }
  }
  return Status::Ok();
}

}  // namespace arledger
