// Early checks of commands against the account's current state.
#include "service/command_checks.h"

#include <google/protobuf/descriptor.h>

#include <set>
#include <string>
#include <vector>

#include "core/fold.h"
#include "core/state_access.h"

namespace arledger {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr int kMoneyDepthMax = 4;  // Body -> repeated message -> Money is depth 2.

struct NamedMoney {
  std::string field;
  v1::Money money;
};

// Every Money in `message`, with its field path ("allocations[0].amount").
void CollectMoney(const Message& message, const std::string& prefix, int depth,
                  std::vector<NamedMoney>* out) {
  ARLEDGER_CHECK(depth <= kMoneyDepthMax);
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string name = prefix + field->name();
    const auto visit = [&](const Message& child, const std::string& child_name) {
      if (child.GetDescriptor() == v1::Money::descriptor()) {
        out->push_back({child_name, static_cast<const v1::Money&>(child)});
      } else {
        CollectMoney(child, child_name + ".", depth + 1, out);
      }
    };
    if (field->is_repeated()) {
      for (int i = 0; i < message.GetReflection()->FieldSize(message, field); ++i) {
        visit(message.GetReflection()->GetRepeatedMessage(message, field, i),
              name + "[" + std::to_string(i) + "]");
      }
    } else {
      visit(message.GetReflection()->GetMessage(message, field), name);
    }
  }
}

template <typename Records, typename Id>
bool HasRecord(const Records& records, const std::string& id, Id id_of) {
  for (const auto& record : records) {
    if (id_of(record) == id) return true;
  }
  return false;
}

Status Unknown(const char* field, const char* what, const std::string& id) {
  return InvalidArgument(std::string(field) + ": the account has no " + what + " '" + id + "'");
}

Status CheckInvoiceExists(const AccountState& state, const std::string& invoice_id,
                          const char* field) {
  if (invoice_id.empty() || FindItem(state, invoice_id) != nullptr) return Status::Ok();
  return Unknown(field, "invoice", invoice_id);
}

// The ids a body refers to must exist on the account.
Status CheckReferences(const v1::EventEnvelope& event, const AccountState& state) {
  using E = v1::EventEnvelope;
  switch (event.body_case()) {
    case E::kPaymentPlanModified:
    case E::kPaymentPlanCancelled: {
      const std::string& id = event.has_payment_plan_modified()
                                  ? event.payment_plan_modified().plan_id()
                                  : event.payment_plan_cancelled().plan_id();
      if (HasRecord(state.plans, id, [](const Plan& r) { return r.plan_id; })) return Status::Ok();
      return Unknown("plan_id", "payment plan", id);
    }
    case E::kDisputeResolved: {
      const std::string& id = event.dispute_resolved().dispute_id();
      if (HasRecord(state.disputes, id, [](const Dispute& r) { return r.dispute_id; }))
        return Status::Ok();
      return Unknown("dispute_id", "dispute", id);
    }
    case E::kWriteOffApproved:
    case E::kWriteOffRejected: {
      const std::string& id = event.has_write_off_approved()
                                  ? event.write_off_approved().write_off_id()
                                  : event.write_off_rejected().write_off_id();
      if (HasRecord(state.write_offs, id, [](const WriteOff& r) { return r.write_off_id; }))
        return Status::Ok();
      return Unknown("write_off_id", "write-off", id);
    }
    case E::kReferralClosed: {
      const std::string& id = event.referral_closed().referral_id();
      if (HasRecord(state.referrals, id, [](const Referral& r) { return r.referral_id; }))
        return Status::Ok();
      return Unknown("referral_id", "referral", id);
    }
    case E::kInvoiceAmended:
      if (event.invoice_amended().invoice_id().empty()) return Status::Ok();
      return FindItem(state, event.invoice_amended().invoice_id()) != nullptr
                 ? Status::Ok()
                 : Unknown("invoice_id", "invoice", event.invoice_amended().invoice_id());
    case E::kDisputeRaised:
      return CheckInvoiceExists(state, event.dispute_raised().invoice_id(), "invoice_id");
    case E::kWriteOffRequested:
      return CheckInvoiceExists(state, event.write_off_requested().invoice_id(), "invoice_id");
    case E::kCreditNoteIssued:
      return CheckInvoiceExists(state, event.credit_note_issued().invoice_id(), "invoice_id");
    case E::kPaymentReceived:
      for (int i = 0; i < event.payment_received().allocations_size(); ++i) {
        const std::string field = "allocations[" + std::to_string(i) + "].invoice_id";
        ARLEDGER_RETURN_IF_ERROR(CheckInvoiceExists(
            state, event.payment_received().allocations(i).invoice_id(), field.c_str()));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

// The invoice a body names, whose currency its amounts must be in; "" when none.
std::string NamedInvoice(const v1::EventEnvelope& event) {
  if (event.has_dispute_raised()) return event.dispute_raised().invoice_id();
  if (event.has_write_off_requested()) return event.write_off_requested().invoice_id();
  if (event.has_credit_note_issued()) return event.credit_note_issued().invoice_id();
  if (event.has_invoice_amended()) return event.invoice_amended().invoice_id();
  return "";
}

Status CheckCurrencies(const v1::EventEnvelope& event, const AccountState& state,
                       const Message& body) {
  std::vector<NamedMoney> amounts;
  CollectMoney(body, "", 0, &amounts);
  if (amounts.empty()) return Status::Ok();
  std::set<std::string> allowed;
  std::string described;
  if (const Item* item = FindItem(state, NamedInvoice(event)); item != nullptr) {
    allowed.insert(item->currency.str());
    described = "invoice " + item->invoice_id + "'s currency " + item->currency.str();
  } else {
    for (const Item& item : state.items) allowed.insert(item.currency.str());
    for (const CurrencyAmount& cash : state.unallocated_cash) allowed.insert(cash.currency.str());
    for (const CurrencyAmount& credit : state.account_credit) allowed.insert(credit.currency.str());
    if (allowed.empty()) return Status::Ok();  // Nothing billed yet: any currency may open.
    for (const std::string& currency : allowed) {
      described += (described.empty() ? "" : ", ") + currency;
    }
    described = "a currency of the account's items (" + described + ")";
  }
  for (const NamedMoney& amount : amounts) {
    if (allowed.count(amount.money.currency()) == 0) {
      return InvalidArgument(amount.field + ": currency " + amount.money.currency() + " is not " +
                             described);
    }
  }
  return Status::Ok();
}

Status CheckFirstDue(const google::protobuf::RepeatedPtrField<v1::Instalment>& instalments,
                     const std::string& business_date) {
  if (instalments.empty() || instalments[0].due_date() >= business_date) return Status::Ok();
  return InvalidArgument("instalments[0].due_date: " + instalments[0].due_date() +
                         " is before the plan's date " + business_date);
}

Status CheckDates(const v1::EventEnvelope& event, const AccountState& state) {
  const std::string business_date = BusinessDate(event);
  if (event.has_promise_made() && event.promise_made().promise_date() < business_date) {
    return InvalidArgument("promise_date: " + event.promise_made().promise_date() +
                           " is before the promise was made (" + business_date + ")");
  }
  if (event.has_payment_plan_agreed()) {
    return CheckFirstDue(event.payment_plan_agreed().instalments(), business_date);
  }
  if (event.has_payment_plan_modified()) {
    return CheckFirstDue(event.payment_plan_modified().instalments(), business_date);
  }
  if (event.has_invoice_amended() && !event.invoice_amended().due_date().empty()) {
    const Item* item = FindItem(state, event.invoice_amended().invoice_id());
    const std::string issue_date = item == nullptr ? "" : item->issue_date.ToString();
    if (item != nullptr && event.invoice_amended().due_date() < issue_date) {
      return InvalidArgument("due_date: " + event.invoice_amended().due_date() +
                             " is before the invoice's issue date " + issue_date);
    }
  }
  return Status::Ok();
}

const Message& BodyOf(const v1::EventEnvelope& event) {
  const FieldDescriptor* field =
      v1::EventEnvelope::descriptor()->FindFieldByNumber(static_cast<int>(event.body_case()));
  ARLEDGER_CHECK(field != nullptr);
  return event.GetReflection()->GetMessage(event, field);
}

}  // namespace

Status CheckCommandAgainstAccount(const v1::EventEnvelope& event, const AccountState& state,
                                  bool found, const Caller& caller) {
  if (!found) return InvalidArgument("account_id: unknown account '" + event.account_id() + "'");
  if (caller.role == Role::kCollector && state.collector_id != caller.principal_id) {
    return PermissionDenied("collector '" + caller.principal_id + "' is not assigned account '" +
                            event.account_id() + "'; only its collector or a team leader may");
  }
  if (event.has_account_updated() && event.account_updated().collector_id().empty()) {
    return InvalidArgument("collector_id: is required");
  }
  ARLEDGER_RETURN_IF_ERROR(CheckReferences(event, state));
  ARLEDGER_RETURN_IF_ERROR(CheckCurrencies(event, state, BodyOf(event)));
  return CheckDates(event, state);
}

Status CheckAuthorityPolicy(const v1::AuthorityPolicySet& policy) {
  for (int i = 0; i < policy.rules_size(); ++i) {
    Result<Role> role = ParseRole(policy.rules(i).role());
    if (!role.ok()) {
      return InvalidArgument("rules[" + std::to_string(i) + "].role: " + role.status().message());
    }
  }
  return Status::Ok();
}

}  // namespace arledger
