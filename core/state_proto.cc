// AccountState <-> v1::AccountState, field by field.
#include "core/state_proto.h"

#include "core/postings.h"

namespace arledger {
namespace {

// The parts' converters, declared here so that ReadAll and WriteAll below see them all.
Status FromProto(const v1::Settlement& proto, Settlement* out);
Status FromProto(const v1::PoolChange& proto, PoolChange* out);
Status FromProto(const v1::OpenItem& proto, Item* out);
Status FromProto(const v1::Allocation& proto, Allocation* out);
Status FromProto(const v1::CurrencyAmount& proto, CurrencyAmount* out);
Status FromProto(const v1::LedgerBalance& proto, LedgerBalance* out);
Status FromProto(const v1::Instalment& proto, Instalment* out);
Status FromProto(const v1::DisputeRecord& proto, Dispute* out);
Status FromProto(const v1::WriteOffRecord& proto, WriteOff* out);
Status FromProto(const v1::ReferralRecord& proto, Referral* out);
Status FromProto(const v1::NoteRecord& proto, Note* out);
Status FromProto(const v1::TaskRecord& proto, Task* out);
void ToProto(const Settlement& settlement, v1::Settlement* out);
void ToProto(const PoolChange& change, v1::PoolChange* out);
void ToProto(const Item& item, v1::OpenItem* out);
void ToProto(const Allocation& allocation, v1::Allocation* out);
void ToProto(const CurrencyAmount& amount, v1::CurrencyAmount* out);
void ToProto(const LedgerBalance& balance, v1::LedgerBalance* out);
void ToProto(const WriteOff& write_off, v1::WriteOffRecord* out);
void ToProto(const Task& task, v1::TaskRecord* out);

// Reads a repeated field into a vector, converting each element; stops at the first error.
template <typename Proto, typename Native>
Status ReadAll(const google::protobuf::RepeatedPtrField<Proto>& from, std::vector<Native>* to) {
  to->clear();
  to->reserve(static_cast<size_t>(from.size()));
  for (const Proto& proto : from) ARLEDGER_RETURN_IF_ERROR(FromProto(proto, &to->emplace_back()));
  return Status::Ok();
}

template <typename Native, typename Proto>
void WriteAll(const std::vector<Native>& from, google::protobuf::RepeatedPtrField<Proto>* to) {
  to->Reserve(static_cast<int>(from.size()));
  for (const Native& native : from) ToProto(native, to->Add());
}

Status ReadDate(const std::string& text, Date* out) {
  Result<Date> date = ParseOptionalDate(text);
  if (!date.ok()) return Corruption("account state: " + date.status().message());
  *out = *date;
  return Status::Ok();
}

Status ReadCurrency(const std::string& code, Currency* out) {
  if (code.empty()) {
    *out = Currency();
    return Status::Ok();
  }
  Result<Currency> currency = Currency::Parse(code);
  if (!currency.ok()) return Corruption("account state: " + currency.status().message());
  *out = *currency;
  return Status::Ok();
}

Status ReadOptionalMoney(bool present, const v1::Money& proto, std::optional<Money>* out) {
  out->reset();
  if (!present) return Status::Ok();
  return FromProto(proto, &out->emplace());
}

// ---- Parts: API form -> native ----

Status FromProto(const v1::Settlement& proto, Settlement* out) {
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.date(), &out->date));
  out->amount_minor = proto.amount_minor();
  out->kind = proto.kind();
  out->ref = proto.ref();
  out->amount_change_minor = proto.amount_change_minor();
  return ReadDate(proto.previous_due_date(), &out->previous_due_date);
}

Status FromProto(const v1::PoolChange& proto, PoolChange* out) {
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.date(), &out->date));
  ARLEDGER_RETURN_IF_ERROR(ReadCurrency(proto.currency(), &out->currency));
  out->delta_minor = proto.delta_minor();
  out->ref = proto.ref();
  return Status::Ok();
}

Status FromProto(const v1::OpenItem& proto, Item* out) {
  out->invoice_id = proto.invoice_id();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.issue_date(), &out->issue_date));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.due_date(), &out->due_date));
  ARLEDGER_RETURN_IF_ERROR(ReadCurrency(proto.currency(), &out->currency));
  out->amount_minor = proto.amount_minor();
  out->open_minor = proto.open_minor();
  out->status = proto.status();
  out->disputed_minor = proto.disputed_minor();
  out->written_off_minor = proto.written_off_minor();
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.settlements(), &out->settlements));
  out->renewal = proto.renewal();
  out->reference = proto.reference();
  return Status::Ok();
}

Status FromProto(const v1::Allocation& proto, Allocation* out) {
  out->invoice_id = proto.invoice_id();
  return FromProto(proto.amount(), &out->amount);
}

Status FromProto(const v1::CurrencyAmount& proto, CurrencyAmount* out) {
  out->amount_minor = proto.amount_minor();
  return ReadCurrency(proto.currency(), &out->currency);
}

Status FromProto(const v1::LedgerBalance& proto, LedgerBalance* out) {
  out->ledger_account = proto.ledger_account();
  out->balance_minor = proto.balance_minor();
  return ReadCurrency(proto.currency(), &out->currency);
}

Status FromProto(const v1::Instalment& proto, Instalment* out) {
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.due_date(), &out->due_date));
  return FromProto(proto.amount(), &out->amount);
}

Status FromProto(const v1::DisputeRecord& proto, Dispute* out) {
  out->dispute_id = proto.dispute_id();
  out->invoice_id = proto.invoice_id();
  out->reason_code = proto.reason_code();
  ARLEDGER_RETURN_IF_ERROR(FromProto(proto.amount(), &out->amount));
  out->state = proto.state();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.raised_date(), &out->raised_date));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.resolved_date(), &out->resolved_date));
  return ReadOptionalMoney(proto.has_credited(), proto.credited(), &out->credited);
}

Principal PrincipalFrom(const v1::Principal& proto) {
  return Principal{proto.principal_id(), proto.role()};
}

Status FromProto(const v1::WriteOffRecord& proto, WriteOff* out) {
  out->write_off_id = proto.write_off_id();
  out->invoice_id = proto.invoice_id();
  ARLEDGER_RETURN_IF_ERROR(FromProto(proto.amount(), &out->amount));
  out->reason = proto.reason();
  out->document_ref = proto.document_ref();
  out->requested_by = PrincipalFrom(proto.requested_by());
  out->state = proto.state();
  out->decision_reason = proto.decision_reason();
  out->decided_by.reset();
  if (proto.has_decided_by()) out->decided_by = PrincipalFrom(proto.decided_by());
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.requested_date(), &out->requested_date));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.decided_date(), &out->decided_date));
  return ReadAll(proto.applied(), &out->applied);
}

Status FromProto(const v1::ReferralRecord& proto, Referral* out) {
  out->referral_id = proto.referral_id();
  out->type = proto.type();
  ARLEDGER_RETURN_IF_ERROR(
      ReadOptionalMoney(proto.has_value_assigned(), proto.value_assigned(), &out->value_assigned));
  out->checklist_ref = proto.checklist_ref();
  out->agency = proto.agency();
  out->state = proto.state();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.made_date(), &out->made_date));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.closed_date(), &out->closed_date));
  out->outcome = proto.outcome();
  return ReadOptionalMoney(proto.has_amount_recovered(), proto.amount_recovered(),
                           &out->amount_recovered);
}

Status FromProto(const v1::NoteRecord& proto, Note* out) {
  out->note_id = proto.note_id();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.date(), &out->date));
  out->text = proto.text();
  out->contact_channel = proto.contact_channel();
  out->author_id = proto.author_id();
  return Status::Ok();
}

Status FromProto(const v1::TaskRecord& proto, Task* out) {
  out->task_id = proto.task_id();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.due_date(), &out->due_date));
  out->description = proto.description();
  out->assignee_id = proto.assignee_id();
  return Status::Ok();
}

// ---- Parts: native -> API form ----

void ToProto(const Settlement& settlement, v1::Settlement* out) {
  out->set_date(settlement.date.ToString());
  out->set_amount_minor(settlement.amount_minor);
  out->set_kind(settlement.kind);
  out->set_ref(settlement.ref);
  out->set_amount_change_minor(settlement.amount_change_minor);
  out->set_previous_due_date(settlement.previous_due_date.ToString());
}

void ToProto(const PoolChange& change, v1::PoolChange* out) {
  out->set_date(change.date.ToString());
  out->set_currency(change.currency.str());
  out->set_delta_minor(change.delta_minor);
  out->set_ref(change.ref);
}

void ToProto(const Item& item, v1::OpenItem* out) {
  out->set_invoice_id(item.invoice_id);
  out->set_issue_date(item.issue_date.ToString());
  out->set_due_date(item.due_date.ToString());
  out->set_currency(item.currency.str());
  out->set_amount_minor(item.amount_minor);
  out->set_open_minor(item.open_minor);
  out->set_status(item.status);
  out->set_disputed_minor(item.disputed_minor);
  out->set_written_off_minor(item.written_off_minor);
  WriteAll(item.settlements, out->mutable_settlements());
  out->set_renewal(item.renewal);
  out->set_reference(item.reference);
}

void ToProto(const Allocation& allocation, v1::Allocation* out) {
  out->set_invoice_id(allocation.invoice_id);
  ToProto(allocation.amount, out->mutable_amount());
}

void ToProto(const CurrencyAmount& amount, v1::CurrencyAmount* out) {
  out->set_currency(amount.currency.str());
  out->set_amount_minor(amount.amount_minor);
}

void ToProto(const LedgerBalance& balance, v1::LedgerBalance* out) {
  out->set_ledger_account(balance.ledger_account);
  out->set_currency(balance.currency.str());
  out->set_balance_minor(balance.balance_minor);
}

void ToProto(const Principal& principal, v1::Principal* out) {
  out->set_principal_id(principal.principal_id);
  out->set_role(principal.role);
}

void ToProto(const WriteOff& write_off, v1::WriteOffRecord* out) {
  out->set_write_off_id(write_off.write_off_id);
  out->set_invoice_id(write_off.invoice_id);
  ToProto(write_off.amount, out->mutable_amount());
  out->set_reason(write_off.reason);
  out->set_document_ref(write_off.document_ref);
  ToProto(write_off.requested_by, out->mutable_requested_by());
  out->set_state(write_off.state);
  out->set_decision_reason(write_off.decision_reason);
  if (write_off.decided_by) ToProto(*write_off.decided_by, out->mutable_decided_by());
  out->set_requested_date(write_off.requested_date.ToString());
  out->set_decided_date(write_off.decided_date.ToString());
  WriteAll(write_off.applied, out->mutable_applied());
}

void ToProto(const Task& task, v1::TaskRecord* out) {
  out->set_task_id(task.task_id);
  out->set_due_date(task.due_date.ToString());
  out->set_description(task.description);
  out->set_assignee_id(task.assignee_id);
}

}  // namespace

void ToProto(const Dispute& dispute, v1::DisputeRecord* out) {
  out->set_dispute_id(dispute.dispute_id);
  out->set_invoice_id(dispute.invoice_id);
  out->set_reason_code(dispute.reason_code);
  ToProto(dispute.amount, out->mutable_amount());
  out->set_state(dispute.state);
  out->set_raised_date(dispute.raised_date.ToString());
  out->set_resolved_date(dispute.resolved_date.ToString());
  if (dispute.credited) ToProto(*dispute.credited, out->mutable_credited());
}

void ToProto(const Referral& referral, v1::ReferralRecord* out) {
  out->set_referral_id(referral.referral_id);
  out->set_type(referral.type);
  if (referral.value_assigned) ToProto(*referral.value_assigned, out->mutable_value_assigned());
  out->set_checklist_ref(referral.checklist_ref);
  out->set_agency(referral.agency);
  out->set_state(referral.state);
  out->set_made_date(referral.made_date.ToString());
  out->set_closed_date(referral.closed_date.ToString());
  out->set_outcome(referral.outcome);
  if (referral.amount_recovered) {
    ToProto(*referral.amount_recovered, out->mutable_amount_recovered());
  }
}

void ToProto(const Note& note, v1::NoteRecord* out) {
  out->set_note_id(note.note_id);
  out->set_date(note.date.ToString());
  out->set_text(note.text);
  out->set_contact_channel(note.contact_channel);
  out->set_author_id(note.author_id);
}

void ToProto(const Money& money, v1::Money* out) {
  out->set_amount_minor(money.amount_minor());
  out->set_currency(money.currency().str());
}

Status FromProto(const v1::Money& proto, Money* out) {
  Currency currency;
  ARLEDGER_RETURN_IF_ERROR(ReadCurrency(proto.currency(), &currency));
  *out = Money(proto.amount_minor(), currency);
  return Status::Ok();
}

void ToProto(const Instalment& instalment, v1::Instalment* out) {
  out->set_due_date(instalment.due_date.ToString());
  ToProto(instalment.amount, out->mutable_amount());
}

void ToProto(const Promise& promise, v1::PromiseRecord* out) {
  out->set_promise_id(promise.promise_id);
  out->set_made_date(promise.made_date.ToString());
  out->set_promise_date(promise.promise_date.ToString());
  ToProto(promise.amount, out->mutable_amount());
  out->set_state(promise.state);
  out->set_cancelled_date(promise.cancelled_date.ToString());
}

void ToProto(const Plan& plan, v1::PlanRecord* out) {
  out->set_plan_id(plan.plan_id);
  out->set_agreed_date(plan.agreed_date.ToString());
  WriteAll(plan.instalments, out->mutable_instalments());
  out->set_state(plan.state);
  out->set_cancelled_date(plan.cancelled_date.ToString());
  out->set_revision(plan.revision);
}

void ToProto(const Payment& payment, v1::PaymentRecord* out) {
  out->set_payment_id(payment.payment_id);
  out->set_date(payment.date.ToString());
  ToProto(payment.amount, out->mutable_amount());
  out->set_method(payment.method);
  WriteAll(payment.allocations, out->mutable_allocations());
  out->set_unallocated_minor(payment.unallocated_minor);
  out->set_reversed(payment.reversed);
  out->set_reversed_date(payment.reversed_date.ToString());
  out->set_reversal_reason(payment.reversal_reason);
}

Status FromProto(const v1::PromiseRecord& proto, Promise* out) {
  out->promise_id = proto.promise_id();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.made_date(), &out->made_date));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.promise_date(), &out->promise_date));
  ARLEDGER_RETURN_IF_ERROR(FromProto(proto.amount(), &out->amount));
  out->state = proto.state();
  return ReadDate(proto.cancelled_date(), &out->cancelled_date);
}

Status FromProto(const v1::PlanRecord& proto, Plan* out) {
  out->plan_id = proto.plan_id();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.agreed_date(), &out->agreed_date));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.instalments(), &out->instalments));
  out->state = proto.state();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.cancelled_date(), &out->cancelled_date));
  out->revision = proto.revision();
  return Status::Ok();
}

Status FromProto(const v1::PaymentRecord& proto, Payment* out) {
  out->payment_id = proto.payment_id();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.date(), &out->date));
  ARLEDGER_RETURN_IF_ERROR(FromProto(proto.amount(), &out->amount));
  out->method = proto.method();
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.allocations(), &out->allocations));
  out->unallocated_minor = proto.unallocated_minor();
  out->reversed = proto.reversed();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.reversed_date(), &out->reversed_date));
  out->reversal_reason = proto.reversal_reason();
  return Status::Ok();
}

void ToProto(const AccountState& state, v1::AccountState* out) {
  out->Clear();
  out->set_account_id(state.account_id);
  out->set_opened(state.opened);
  out->set_opened_date(state.opened_date.ToString());
  out->set_name(state.name);
  out->set_collector_id(state.collector_id);
  out->set_portfolio(state.portfolio);
  out->set_status(state.status);
  if (state.credit_limit) ToProto(*state.credit_limit, out->mutable_credit_limit());
  if (state.contact) {
    v1::Contact* contact = out->mutable_contact();
    contact->set_name(state.contact->name);
    contact->set_email(state.contact->email);
    contact->set_phone(state.contact->phone);
  }
  WriteAll(state.items, out->mutable_items());
  WriteAll(state.payments, out->mutable_payments());
  WriteAll(state.unallocated_cash, out->mutable_unallocated_cash());
  WriteAll(state.account_credit, out->mutable_account_credit());
  WriteAll(state.ledger, out->mutable_ledger());
  WriteAll(state.promises, out->mutable_promises());
  WriteAll(state.plans, out->mutable_plans());
  WriteAll(state.disputes, out->mutable_disputes());
  WriteAll(state.write_offs, out->mutable_write_offs());
  WriteAll(state.referrals, out->mutable_referrals());
  WriteAll(state.notes, out->mutable_notes());
  WriteAll(state.tasks, out->mutable_tasks());
  out->set_last_contact_date(state.last_contact_date.ToString());
  out->set_last_event_date(state.last_event_date.ToString());
  out->set_events_applied(state.events_applied);
  out->set_events_rejected(state.events_rejected);
  WriteAll(state.unallocated_cash_changes, out->mutable_unallocated_cash_changes());
  WriteAll(state.account_credit_changes, out->mutable_account_credit_changes());
}

Status FromProto(const v1::AccountState& proto, AccountState* out) {
  out->account_id = proto.account_id();
  out->opened = proto.opened();
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.opened_date(), &out->opened_date));
  out->name = proto.name();
  out->collector_id = proto.collector_id();
  out->portfolio = proto.portfolio();
  out->status = proto.status();
  ARLEDGER_RETURN_IF_ERROR(
      ReadOptionalMoney(proto.has_credit_limit(), proto.credit_limit(), &out->credit_limit));
  out->contact.reset();
  if (proto.has_contact()) {
    out->contact =
        Contact{proto.contact().name(), proto.contact().email(), proto.contact().phone()};
  }
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.items(), &out->items));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.payments(), &out->payments));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.unallocated_cash(), &out->unallocated_cash));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.account_credit(), &out->account_credit));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.ledger(), &out->ledger));
  if (!LedgerInOrder(out->ledger)) {
    return Corruption("account state: ledger not in (currency, ledger account) order, once each");
  }
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.promises(), &out->promises));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.plans(), &out->plans));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.disputes(), &out->disputes));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.write_offs(), &out->write_offs));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.referrals(), &out->referrals));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.notes(), &out->notes));
  ARLEDGER_RETURN_IF_ERROR(ReadAll(proto.tasks(), &out->tasks));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.last_contact_date(), &out->last_contact_date));
  ARLEDGER_RETURN_IF_ERROR(ReadDate(proto.last_event_date(), &out->last_event_date));
  out->events_applied = proto.events_applied();
  out->events_rejected = proto.events_rejected();
  ARLEDGER_RETURN_IF_ERROR(
      ReadAll(proto.unallocated_cash_changes(), &out->unallocated_cash_changes));
  return ReadAll(proto.account_credit_changes(), &out->account_credit_changes);
}

}  // namespace arledger
