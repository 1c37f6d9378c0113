// The fold for write-offs: requested, approved, rejected. The binding decision is taken here,
// against the state and the authority policy at this log position (DESIGN.md principle 3).
//
// Rules, in the order they are checked:
// - A write-off is never above what is open: the named invoice's open amount, or without an
//   invoice the account's open amount in the write-off's currency (then it settles items
//   oldest due first). Above it: REJECTED, and the refusal is recorded with its reason.
// - Within the requester's role limit in that currency (AuthorityRule.write_off_limit,
//   inclusive): applied at once. Otherwise, including a role with no rule, it is recorded
//   PENDING and waits for an approver; the event is APPLIED with a note saying so.
// - An approval needs a role with may_approve and a limit >= the amount, and an approver
//   other than the requester (four eyes). A refused approval leaves the request pending.
// - The open amount is checked again at approval: if it shrank below the request in the
//   meantime, the write-off is REJECTED rather than applied in part.
#include <algorithm>

#include "core/fold.h"
#include "core/fold_internal.h"
#include "core/postings.h"
#include "core/state_access.h"

namespace arledger::fold_internal {
namespace {

struct ItemTake {
  int item_index;
  int64_t amount_minor;
};

const v1::AuthorityRule* FindRule(const v1::AuthorityPolicySet& policy, const std::string& role,
                                  Currency currency) {
  for (const v1::AuthorityRule& rule : policy.rules()) {
    if (rule.role() == role && rule.write_off_limit().currency() == currency.code()) return &rule;
  }
  return nullptr;
}

WriteOff* FindWriteOff(AccountState* state, const std::string& write_off_id) {
  return FindById(state->write_offs, write_off_id, &WriteOff::write_off_id);
}

// Plans which items the write-off settles; an error when it exceeds what is open.
Result<std::vector<ItemTake>> PlanWriteOff(const AccountState& state, const WriteOff& record) {
  const Currency currency = record.amount.currency();
  std::vector<int> candidates;
  if (record.invoice_id.empty()) {
    candidates = OpenItemsOldestDueFirst(state, currency);
  } else {
    const Item* named = FindItem(state, record.invoice_id);
    if (named == nullptr) return FailedPrecondition("invoice " + record.invoice_id + " is unknown");
    if (named->currency != currency) {
      return FailedPrecondition("invoice " + record.invoice_id + " is in " + named->currency.str());
    }
    candidates.push_back(static_cast<int>(named - state.items.data()));
  }
  std::vector<ItemTake> takes;
  int64_t remaining_minor = record.amount.amount_minor();
  for (int index : candidates) {
    const Item& item = state.items[static_cast<size_t>(index)];
    if (item.status == v1::ITEM_STATUS_CANCELLED) continue;
    const int64_t take_minor = std::min(remaining_minor, item.open_minor);
    if (take_minor > 0) takes.push_back({index, take_minor});
    remaining_minor -= take_minor;
  }
  if (remaining_minor > 0) {
    return FailedPrecondition("write-off of " + std::to_string(record.amount.amount_minor()) +
                              " exceeds the open amount of " +
                              std::to_string(record.amount.amount_minor() - remaining_minor) + " " +
                              currency.str());
  }
  return takes;
}

// Plans, checks and settles; on error nothing has changed.
Status SettleWriteOff(FoldContext& context, WriteOff* record) {
  Result<std::vector<ItemTake>> takes = PlanWriteOff(context.state, *record);
  if (!takes.ok()) return takes.status();
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_BAD_DEBT, v1::LEDGER_ACCOUNT_RECEIVABLES,
           record->amount.currency(), record->amount.amount_minor());
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));
  for (const ItemTake& take : *takes) {
    Item& item = context.state.items[static_cast<size_t>(take.item_index)];
    AddSettlement(&item, context.date, take.amount_minor, v1::SETTLEMENT_KIND_WRITE_OFF,
                  record->write_off_id);
    item.written_off_minor += take.amount_minor;  // <= amount.
    record->applied.push_back(Allocation{item.invoice_id, Money(take.amount_minor, item.currency)});
  }
  return Status::Ok();
}

Principal PrincipalOf(const v1::Principal& principal) {
  return Principal{principal.principal_id(), principal.role()};
}

void Decide(FoldContext& context, WriteOff* record, v1::WriteOffState state,
            const std::string& reason) {
  record->state = state;
  record->decision_reason = reason;
  record->decided_by = PrincipalOf(context.event.recorded_by());
  record->decided_date = context.date;
}

}  // namespace

Status ApplyWriteOffRequested(FoldContext& context, const v1::WriteOffRequested& body) {
  if (FindWriteOff(&context.state, body.write_off_id()) != nullptr) {
    return FailedPrecondition("write-off " + body.write_off_id() + " was already requested");
  }
  WriteOff* record = &context.state.write_offs.emplace_back();
  record->write_off_id = body.write_off_id();
  record->invoice_id = body.invoice_id();
  record->amount = ValidatedMoney(body.amount());
  record->reason = body.reason();
  record->document_ref = body.document_ref();
  record->requested_by = PrincipalOf(context.event.recorded_by());
  record->requested_date = context.date;
  record->state = v1::WRITE_OFF_STATE_PENDING;

  const std::string& role = context.event.recorded_by().role();
  const v1::AuthorityRule* rule = FindRule(context.policy, role, record->amount.currency());
  if (rule == nullptr || body.amount().amount_minor() > rule->write_off_limit().amount_minor()) {
    // Not above the open amount either way: a request that could never apply is refused now.
    if (Result<std::vector<ItemTake>> plan = PlanWriteOff(context.state, *record); !plan.ok()) {
      Decide(context, record, v1::WRITE_OFF_STATE_REJECTED, plan.status().message());
      return plan.status();
    }
    record->decision_reason =
        rule == nullptr
            ? "role '" + role + "' has no write-off authority in " + body.amount().currency()
            : "above role '" + role + "' limit of " +
                  std::to_string(rule->write_off_limit().amount_minor());
    context.note = kPendingApprovalPrefix + record->decision_reason;
    return Status::Ok();
  }
  if (Status settled = SettleWriteOff(context, record); !settled.ok()) {
    Decide(context, record, v1::WRITE_OFF_STATE_REJECTED, settled.message());
    return settled;
  }
  Decide(context, record, v1::WRITE_OFF_STATE_APPLIED, "within role '" + role + "' authority");
  return Status::Ok();
}

Status ApplyWriteOffApproved(FoldContext& context, const v1::WriteOffApproved& body) {
  WriteOff* record = FindWriteOff(&context.state, body.write_off_id());
  if (record == nullptr)
    return FailedPrecondition("write-off " + body.write_off_id() + " is unknown");
  if (record->state != v1::WRITE_OFF_STATE_PENDING) {
    return FailedPrecondition("write-off " + body.write_off_id() + " is not pending approval");
  }
  const v1::Principal& approver = context.event.recorded_by();
  if (approver.principal_id() == record->requested_by.principal_id) {
    return FailedPrecondition("the requester may not approve their own write-off");
  }
  const v1::AuthorityRule* rule =
      FindRule(context.policy, approver.role(), record->amount.currency());
  if (rule == nullptr || !rule->may_approve() ||
      rule->write_off_limit().amount_minor() < record->amount.amount_minor()) {
    return FailedPrecondition("role '" + approver.role() + "' may not approve a write-off of " +
                              std::to_string(record->amount.amount_minor()) + " " +
                              record->amount.currency().str());
  }
  if (Status settled = SettleWriteOff(context, record); !settled.ok()) {
    Decide(context, record, v1::WRITE_OFF_STATE_REJECTED, settled.message());
    return settled;
  }
  Decide(context, record, v1::WRITE_OFF_STATE_APPLIED,
         body.note().empty() ? "approved by role '" + approver.role() + "'" : body.note());
  return Status::Ok();
}

Status ApplyWriteOffRejected(FoldContext& context, const v1::WriteOffRejected& body) {
  WriteOff* record = FindWriteOff(&context.state, body.write_off_id());
  if (record == nullptr)
    return FailedPrecondition("write-off " + body.write_off_id() + " is unknown");
  if (record->state != v1::WRITE_OFF_STATE_PENDING) {
    return FailedPrecondition("write-off " + body.write_off_id() + " is not pending approval");
  }
  Decide(context, record, v1::WRITE_OFF_STATE_REJECTED,
         body.reason().empty() ? "rejected by an approver" : body.reason());
  return Status::Ok();
}

}  // namespace arledger::fold_internal
