// FoldHarness: the projector's per-record decisions over in-memory state, folded twice.
#include "tests/fuzz/fold_harness.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_summary.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/fold.h"
#include "core/postings.h"
#include "core/state_codec.h"
#include "core/state_proto.h"
#include "projections/envelope_peek.h"

namespace arledger::fuzz {
namespace {

struct Folded {
  std::map<std::string, AccountState> accounts;
  std::map<std::string, Date> last_dates;  // Business date of each account's last event.
  v1::AuthorityPolicySet policy;
  std::set<std::string> event_ids;  // Seen (account_id, event_id): a repeat is a no-op.
};

std::string Deterministic(const google::protobuf::Message& message) {
  std::string bytes;
  {  // The streams flush into `bytes` when they go out of scope.
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream output(&stream);
    output.SetSerializationDeterministic(true);
    Require(message.SerializeToCodedStream(&output), "a state serialises");
  }
  return bytes;
}

std::string Encoded(const AccountState& state) {
  std::string bytes;
  EncodeAccountState(state, &bytes);
  return bytes;
}

// The query-time computations a reader runs over a state, on its last event's date and later;
// and the state's stored and API forms, which must both give it back unchanged.
void Query(const AccountState& state, Date as_of) {
  const AgingConfig aging;
  BuildAccountView(state, as_of, aging);
  BuildAccountView(state, as_of.AddDays(400), aging);
  const v1::AccountSummary summary = BuildAccountSummary(state, kEndOfTimeDate);
  google::protobuf::RepeatedPtrField<v1::AgingBuckets> buckets;
  SummaryAging(summary, as_of, aging, &buckets).PermitUnchecked();
  AccountState decoded;
  Require(DecodeAccountState(Encoded(state), &decoded).ok() && decoded == state,
          "a state decodes to itself");
  v1::AccountState proto;
  ToProto(state, &proto);
  AccountState converted;
  Require(FromProto(proto, &converted).ok() && converted == state,
          "a state converts to its API form and back");
}

void FoldOne(const std::string& record, Folded* folded) {
  EnvelopePeek peek;  // How a later slice of a replay pass reads the bytes, unparsed.
  const bool scanned = PeekEnvelope(record, &peek);
  v1::EventEnvelope event;
  if (!event.ParseFromString(record)) return;  // Dead-lettered: undecodable.
  if (scanned) {
    Require(peek.account_id == event.account_id(), "a scan finds the parse's account id");
    Require(peek.maybe_policy || !IsPolicyEvent(event), "a scan sees a policy body");
  }
  if (IsUnknownEventType(event)) return;      // Skipped and counted.
  if (!ValidateEnvelope(event).ok()) return;  // Dead-lettered: invalid.
  if (!folded->event_ids.insert(event.account_id() + '\0' + event.event_id()).second) return;
  ApplyResult result;
  if (IsPolicyEvent(event)) {
    result = ApplyPolicy(event, &folded->policy);
  } else {
    auto found = folded->accounts.find(event.account_id());
    if (found == folded->accounts.end()) {
      if (folded->accounts.size() >= kAccountsMax) return;
      found = folded->accounts.emplace(event.account_id(), AccountState()).first;
      found->second.account_id = event.account_id();
    }
    result = ApplyToAccount(event, folded->policy, &found->second);
    folded->last_dates[event.account_id()] = EventBusinessDate(event);
  }
  Require(result.outcome != v1::OUTCOME_REJECTED || result.postings.empty(),
          "a rejected event posts nothing");
  Require(PostingsBalance(result.postings), "an event's postings balance");
}

}  // namespace

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

void FoldRecords(const std::vector<std::string>& records) {
  Folded first, second;
  for (size_t i = 0; i < records.size() && i < kRecordsMax; ++i) {
    FoldOne(records[i], &first);
  }
  for (const auto& [account_id, state] : first.accounts) Query(state, first.last_dates[account_id]);
  for (size_t i = 0; i < records.size() && i < kRecordsMax; ++i) {
    FoldOne(records[i], &second);
  }
  Require(first.accounts.size() == second.accounts.size(), "the fold is deterministic");
  for (const auto& [account_id, state] : first.accounts) {
    Require(Encoded(state) == Encoded(second.accounts.at(account_id)), "the fold is deterministic");
  }
  Require(Deterministic(first.policy) == Deterministic(second.policy),
          "the policy fold is deterministic");
}

}  // namespace arledger::fuzz
