// The collector and finance commands: one row per POST route — its path, the request message
// its JSON body follows, the event body it becomes, and the roles allowed to send it.
//
//   POST /v1/accounts/{account_id}/payments                            payment_received
//   POST /v1/accounts/{account_id}/promises                            promise_made
//   POST /v1/accounts/{account_id}/payment-plans                       payment_plan_agreed
//   POST /v1/accounts/{account_id}/payment-plans/{plan_id}/modify      payment_plan_modified
//   POST /v1/accounts/{account_id}/payment-plans/{plan_id}/cancel      payment_plan_cancelled
//   POST /v1/accounts/{account_id}/disputes                            dispute_raised
//   POST /v1/accounts/{account_id}/disputes/{dispute_id}/resolve       dispute_resolved
//   POST /v1/accounts/{account_id}/write-offs                          write_off_requested
//   POST /v1/accounts/{account_id}/write-offs/{write_off_id}/approve   write_off_approved
//   POST /v1/accounts/{account_id}/write-offs/{write_off_id}/reject    write_off_rejected
//   POST /v1/accounts/{account_id}/referrals                           referral_made
//   POST /v1/accounts/{account_id}/referrals/{referral_id}/close       referral_closed
//   POST /v1/accounts/{account_id}/notes                               note_added
//   POST /v1/accounts/{account_id}/credit-notes                        credit_note_issued
//   POST /v1/accounts/{account_id}/invoices/{invoice_id}/amend         invoice_amended
//   POST /v1/accounts/{account_id}/collector                           account_updated
//   POST /v1/policy/authority                                          authority_policy_set
//
// The table is static and immutable: safe to read from any thread.
#pragma once

#include <google/protobuf/message.h>

#include <vector>

#include "service/access.h"

namespace arledger {

struct CommandSpec {
  const char* name;     // "take_payment": for messages and metrics.
  const char* pattern;  // Path regex; group 1 the account id, group 2 the path id (if any).
  const char* route;    // The path as documented, e.g. "/v1/accounts/{account_id}/payments".
  const google::protobuf::Message* request;  // Default instance of the request message.
  const char* body_field;                    // The EventEnvelope body it becomes.
  const char* path_id_field;  // Body field filled from the path's group 2; "" when none.
  const char* id_field;       // Body id defaulted to the event_id when the request leaves it empty.
  Roles roles;
  bool account_scoped;  // False for the authority policy (it applies to every account).
};

const std::vector<CommandSpec>& CommandSpecs();

}  // namespace arledger
