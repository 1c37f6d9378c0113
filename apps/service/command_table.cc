// The command table: paths, request messages, event bodies and roles.
#include "service/command_table.h"

#include "arledger/v1/api.pb.h"

namespace arledger {
namespace {

using R = Role;

// Who may do what. Collectors work their own accounts (command_checks.h); team leaders any.
constexpr Roles kWorkAccount{R::kCollector, R::kTeamLeader, R::kFinance, R::kAdmin};
constexpr Roles kArrange{R::kCollector, R::kTeamLeader, R::kAdmin};
constexpr Roles kDecide{R::kTeamLeader, R::kFinance, R::kAdmin};
constexpr Roles kBill{R::kBilling, R::kFinance, R::kAdmin};
constexpr Roles kAssign{R::kTeamLeader, R::kAdmin};
constexpr Roles kSetPolicy{R::kFinance, R::kAdmin};

}  // namespace

// An account command's path regex and documented route, as string literals (undefined below).
#define ARLEDGER_ACCOUNT_PATH(suffix) R"(/v1/accounts/([^/]+)/)" suffix
#define ARLEDGER_ACCOUNT_ROUTE(suffix) "/v1/accounts/{account_id}/" suffix

const std::vector<CommandSpec>& CommandSpecs() {
  static const std::vector<CommandSpec> specs = {
      {"take_payment", ARLEDGER_ACCOUNT_PATH("payments"), ARLEDGER_ACCOUNT_ROUTE("payments"),
       &v1::TakePaymentRequest::default_instance(), "payment_received", "", "payment_id",
       kWorkAccount, true},
      {"record_promise", ARLEDGER_ACCOUNT_PATH("promises"), ARLEDGER_ACCOUNT_ROUTE("promises"),
       &v1::RecordPromiseRequest::default_instance(), "promise_made", "", "promise_id", kArrange,
       true},
      {"agree_payment_plan", ARLEDGER_ACCOUNT_PATH("payment-plans"),
       ARLEDGER_ACCOUNT_ROUTE("payment-plans"), &v1::AgreePaymentPlanRequest::default_instance(),
       "payment_plan_agreed", "", "plan_id", kArrange, true},
      {"modify_payment_plan", ARLEDGER_ACCOUNT_PATH(R"(payment-plans/([^/]+)/modify)"),
       ARLEDGER_ACCOUNT_ROUTE("payment-plans/{plan_id}/modify"),
       &v1::ModifyPaymentPlanRequest::default_instance(), "payment_plan_modified", "plan_id", "",
       kArrange, true},
      {"cancel_payment_plan", ARLEDGER_ACCOUNT_PATH(R"(payment-plans/([^/]+)/cancel)"),
       ARLEDGER_ACCOUNT_ROUTE("payment-plans/{plan_id}/cancel"),
       &v1::CancelPaymentPlanRequest::default_instance(), "payment_plan_cancelled", "plan_id", "",
       kArrange, true},
      {"raise_dispute", ARLEDGER_ACCOUNT_PATH("disputes"), ARLEDGER_ACCOUNT_ROUTE("disputes"),
       &v1::RaiseDisputeRequest::default_instance(), "dispute_raised", "", "dispute_id",
       kWorkAccount, true},
      {"resolve_dispute", ARLEDGER_ACCOUNT_PATH(R"(disputes/([^/]+)/resolve)"),
       ARLEDGER_ACCOUNT_ROUTE("disputes/{dispute_id}/resolve"),
       &v1::ResolveDisputeRequest::default_instance(), "dispute_resolved", "dispute_id", "",
       kDecide, true},
      {"request_write_off", ARLEDGER_ACCOUNT_PATH("write-offs"),
       ARLEDGER_ACCOUNT_ROUTE("write-offs"), &v1::RequestWriteOffRequest::default_instance(),
       "write_off_requested", "", "write_off_id", kWorkAccount, true},
      {"approve_write_off", ARLEDGER_ACCOUNT_PATH(R"(write-offs/([^/]+)/approve)"),
       ARLEDGER_ACCOUNT_ROUTE("write-offs/{write_off_id}/approve"),
       &v1::ApproveWriteOffRequest::default_instance(), "write_off_approved", "write_off_id", "",
       kDecide, true},
      {"reject_write_off", ARLEDGER_ACCOUNT_PATH(R"(write-offs/([^/]+)/reject)"),
       ARLEDGER_ACCOUNT_ROUTE("write-offs/{write_off_id}/reject"),
       &v1::RejectWriteOffRequest::default_instance(), "write_off_rejected", "write_off_id", "",
       kDecide, true},
      {"make_referral", ARLEDGER_ACCOUNT_PATH("referrals"), ARLEDGER_ACCOUNT_ROUTE("referrals"),
       &v1::MakeReferralRequest::default_instance(), "referral_made", "", "referral_id", kArrange,
       true},
      {"close_referral", ARLEDGER_ACCOUNT_PATH(R"(referrals/([^/]+)/close)"),
       ARLEDGER_ACCOUNT_ROUTE("referrals/{referral_id}/close"),
       &v1::CloseReferralRequest::default_instance(), "referral_closed", "referral_id", "",
       kWorkAccount, true},
      {"add_note", ARLEDGER_ACCOUNT_PATH("notes"), ARLEDGER_ACCOUNT_ROUTE("notes"),
       &v1::AddNoteRequest::default_instance(), "note_added", "", "note_id", kWorkAccount, true},
      {"issue_credit_note", ARLEDGER_ACCOUNT_PATH("credit-notes"),
       ARLEDGER_ACCOUNT_ROUTE("credit-notes"), &v1::IssueCreditNoteRequest::default_instance(),
       "credit_note_issued", "", "credit_note_id", kBill, true},
      {"amend_invoice", ARLEDGER_ACCOUNT_PATH(R"(invoices/([^/]+)/amend)"),
       ARLEDGER_ACCOUNT_ROUTE("invoices/{invoice_id}/amend"),
       &v1::AmendInvoiceRequest::default_instance(), "invoice_amended", "invoice_id", "", kBill,
       true},
      {"assign_collector", ARLEDGER_ACCOUNT_PATH("collector"), ARLEDGER_ACCOUNT_ROUTE("collector"),
       &v1::AssignCollectorRequest::default_instance(), "account_updated", "", "", kAssign, true},
      {"set_authority_policy", "/v1/policy/authority", "/v1/policy/authority",
       &v1::SetAuthorityPolicyRequest::default_instance(), "authority_policy_set", "", "policy_id",
       kSetPolicy, false},
  };
  return specs;
}

#undef ARLEDGER_ACCOUNT_PATH
#undef ARLEDGER_ACCOUNT_ROUTE

}  // namespace arledger
