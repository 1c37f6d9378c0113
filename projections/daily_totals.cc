// Daily totals: per-event contributions and checked merging.
#include "projections/daily_totals.h"

#include <algorithm>
#include <array>

#include "core/money.h"
#include "projections/read_model_keys.h"

namespace arledger {
namespace {

int64_t Sum(int64_t a, int64_t b) {
  Result<int64_t> sum = CheckedAdd(a, b);
  ARLEDGER_CHECK(sum.ok());
  return *sum;
}

// The batch's days one event adds to. They share the event's business date, and an event names
// one or two currencies several times (each posting line, the invoice or payment count): each
// day is found in the batch's map once per event, by a key built without allocating.
class EventDays {
 public:
  EventDays(std::string date, DailyDeltas* deltas) : date_(std::move(date)), deltas_(deltas) {}

  v1::DailyTotals& Of(std::string_view currency) {
    for (size_t i = 0; i < found_count_; ++i) {
      if (found_[i].currency == currency) return *found_[i].day;
    }
    thread_local std::string key;
    key.clear();
    AppendKeyComponent(&key, currency);
    AppendKeyComponent(&key, date_);
    auto day = deltas_->lower_bound(key);
    if (day == deltas_->end() || day->first != key) {
      day = deltas_->emplace_hint(day, key, v1::DailyTotals());
      day->second.set_currency(std::string(currency));
      day->second.set_date(date_);
    }
    if (found_count_ < found_.size())
      found_[found_count_++] = {std::string(currency), &day->second};
    return day->second;
  }

 private:
  struct Found {
    std::string currency;  // A copy (inline: three letters): callers pass views of temporaries.
    v1::DailyTotals* day = nullptr;
  };
  const std::string date_;
  DailyDeltas* const deltas_;
  std::array<Found, 4> found_;
  size_t found_count_ = 0;
};

// Finds the entry of `key` in a list kept sorted by key (so equal totals serialise to equal
// bytes), inserting an empty one in place when absent.
template <typename Entry, typename Key, typename KeyOf, typename SetKey>
Entry* FindOrInsert(google::protobuf::RepeatedPtrField<Entry>* entries, Key key, KeyOf key_of,
                    SetKey set_key) {
  int position = 0;
  for (; position < entries->size(); ++position) {
    if (key_of(entries->Get(position)) == key) return entries->Mutable(position);
    if (key_of(entries->Get(position)) > key) break;
  }
  set_key(entries->Add(), key);
  for (int i = entries->size() - 1; i > position; --i) entries->SwapElements(i, i - 1);
  return entries->Mutable(position);
}

v1::LedgerMovement* Movement(v1::DailyTotals* day, v1::LedgerAccount account) {
  return FindOrInsert(
      day->mutable_movements(), account,
      [](const v1::LedgerMovement& m) { return m.ledger_account(); },
      [](v1::LedgerMovement* m, v1::LedgerAccount a) { m->set_ledger_account(a); });
}

v1::ReferralMovement* ReferralMovementOf(v1::DailyTotals* day, v1::ReferralType type) {
  return FindOrInsert(
      day->mutable_referrals(), type, [](const v1::ReferralMovement& r) { return r.type(); },
      [](v1::ReferralMovement* r, v1::ReferralType t) { r->set_type(t); });
}

// Adds the event's postings to the days of their currencies; an event that posted to bad debt
// or to credit notes in a currency counts once there, however many lines it posted.
void AddPostings(const ApplyResult& result, EventDays* days) {
  struct Touched {
    Currency currency;
    v1::DailyTotals* day = nullptr;
    bool write_off = false;
    bool credit_note = false;
  };
  std::array<Touched, kPostingLinesMax> touched;
  size_t touched_count = 0;
  for (const Posting& line : result.postings) {
    Touched* entry = std::find_if(touched.begin(), touched.begin() + touched_count,
                                  [&](const Touched& t) { return t.currency == line.currency(); });
    if (entry == touched.begin() + touched_count) {
      *entry = {line.currency(), &days->Of(line.currency().code())};
      ++touched_count;
    }
    v1::LedgerMovement* movement = Movement(entry->day, line.ledger_account());
    if (line.amount_minor() > 0) {
      movement->set_debit_minor(Sum(movement->debit_minor(), line.amount_minor()));
      entry->write_off |= line.ledger_account() == v1::LEDGER_ACCOUNT_BAD_DEBT;
      entry->credit_note |= line.ledger_account() == v1::LEDGER_ACCOUNT_CREDIT_NOTES;
    } else {
      movement->set_credit_minor(Sum(movement->credit_minor(), -line.amount_minor()));
    }
  }
  for (size_t i = 0; i < touched_count; ++i) {
    v1::DailyTotals* day = touched[i].day;
    if (touched[i].write_off) day->set_write_offs(Sum(day->write_offs(), 1));
    if (touched[i].credit_note) day->set_credit_notes(Sum(day->credit_notes(), 1));
  }
}

void AddReferral(const v1::EventEnvelope& event, const AccountState& state, EventDays* days) {
  if (event.has_referral_made()) {
    const v1::ReferralMade& made = event.referral_made();
    v1::ReferralMovement* referral =
        ReferralMovementOf(&days->Of(made.value_assigned().currency()), made.type());
    referral->set_made(Sum(referral->made(), 1));
    referral->set_value_assigned_minor(
        Sum(referral->value_assigned_minor(), made.value_assigned().amount_minor()));
    return;
  }
  const v1::ReferralClosed& closed = event.referral_closed();
  const Referral* record = nullptr;
  for (const Referral& candidate : state.referrals) {
    if (candidate.referral_id == closed.referral_id()) record = &candidate;
  }
  if (record == nullptr) return;
  // A copy: Money::currency() returns a Currency by value, whose code() a view would outlive.
  const std::string currency = closed.has_amount_recovered() ? closed.amount_recovered().currency()
                               : record->value_assigned
                                   ? std::string(record->value_assigned->currency().code())
                                   : std::string();
  v1::ReferralMovement* referral = ReferralMovementOf(&days->Of(currency), record->type);
  referral->set_closed(Sum(referral->closed(), 1));
  referral->set_recovered_minor(
      Sum(referral->recovered_minor(), closed.amount_recovered().amount_minor()));
}

}  // namespace

// Each part of the event is added straight to the batch's days (every sum checked).
void AddEventToDaily(const v1::EventEnvelope& event, const ApplyResult& result,
                     const AccountState& state, DailyDeltas* deltas) {
  if (result.outcome != v1::OUTCOME_APPLIED) return;
  EventDays days(BusinessDate(event), deltas);
  AddPostings(result, &days);
  if (event.has_invoice_issued()) {
    v1::DailyTotals& day = days.Of(event.invoice_issued().amount().currency());
    day.set_invoices_issued(Sum(day.invoices_issued(), 1));
  }
  if (event.has_payment_received()) {
    v1::DailyTotals& day = days.Of(event.payment_received().amount().currency());
    day.set_payments_received(Sum(day.payments_received(), 1));
  }
  if (event.has_referral_made() || event.has_referral_closed()) {
    AddReferral(event, state, &days);
  }
}

void MergeDailyTotals(const v1::DailyTotals& delta, v1::DailyTotals* total) {
  for (const v1::LedgerMovement& movement : delta.movements()) {
    v1::LedgerMovement* target = Movement(total, movement.ledger_account());
    target->set_debit_minor(Sum(target->debit_minor(), movement.debit_minor()));
    target->set_credit_minor(Sum(target->credit_minor(), movement.credit_minor()));
  }
  total->set_invoices_issued(Sum(total->invoices_issued(), delta.invoices_issued()));
  total->set_payments_received(Sum(total->payments_received(), delta.payments_received()));
  total->set_write_offs(Sum(total->write_offs(), delta.write_offs()));
  total->set_credit_notes(Sum(total->credit_notes(), delta.credit_notes()));
  for (const v1::ReferralMovement& referral : delta.referrals()) {
    v1::ReferralMovement* target = ReferralMovementOf(total, referral.type());
    target->set_made(Sum(target->made(), referral.made()));
    target->set_value_assigned_minor(
        Sum(target->value_assigned_minor(), referral.value_assigned_minor()));
    target->set_closed(Sum(target->closed(), referral.closed()));
    target->set_recovered_minor(Sum(target->recovered_minor(), referral.recovered_minor()));
  }
}

v1::LedgerMovement MovementOf(const v1::DailyTotals& totals, v1::LedgerAccount account) {
  for (const v1::LedgerMovement& movement : totals.movements()) {
    if (movement.ledger_account() == account) return movement;
  }
  v1::LedgerMovement none;
  none.set_ledger_account(account);
  return none;
}

}  // namespace arledger
