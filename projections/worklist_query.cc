// QueryWorklist: scan, score, order, page.
#include "projections/worklist_query.h"

#include <google/protobuf/arena.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "core/account_summary.h"
#include "projections/read_model_keys.h"
#include "projections/summary_skim.h"

namespace arledger {
namespace {

// A position in the order (score desc, account_id asc): the page token's content.
struct Position {
  int64_t score = 0;
  std::string account_id;
};

bool Before(const v1::WorklistEntry& a, const v1::WorklistEntry& b) {
  if (a.score() != b.score()) return a.score() > b.score();
  return a.account_id() < b.account_id();
}

std::string TokenOf(const v1::WorklistEntry& last) {
  return EncodePageToken(std::to_string(last.score()) + ":" + last.account_id());
}

Result<Position> ParseToken(const std::string& token) {
  Result<std::string> decoded = DecodePageToken(token);
  if (!decoded.ok()) return decoded.status();
  const size_t colon = decoded->find(':');
  Position position;
  const char* end = decoded->data() + (colon == std::string::npos ? decoded->size() : colon);
  const auto [parsed_to, error] = std::from_chars(decoded->data(), end, position.score);
  if (colon == std::string::npos || error != std::errc() || parsed_to != end) {
    return InvalidArgument("page_token is not one this server issued");
  }
  position.account_id = decoded->substr(colon + 1);
  return position;
}

// The summary to score on as_of: the stored one, or one rebuilt from the state when something
// dated after as_of has been folded.
Status SummaryAsOf(const StoreView& view, std::string_view value, Date as_of,
                   v1::AccountSummary* summary) {
  if (!summary->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Corruption("account summary does not parse");
  }
  if (summary->horizon_date() <= as_of.ToString()) return Status::Ok();
  AccountState state;
  bool found = false;
  ARLEDGER_RETURN_IF_ERROR(view.GetAccount(summary->account_id(), &state, &found));
  if (!found) return Corruption("summary of account " + summary->account_id() + " has no state");
  *summary = BuildAccountSummary(state, as_of);
  return Status::Ok();
}

}  // namespace

Status QueryWorklist(const StoreView& view, const WorklistRequest& request,
                     const WorklistConfig& config, v1::Worklist* worklist) {
  if (request.page_size < 1 || request.page_size > kWorklistPageSizeMax) {
    return InvalidArgument("page_size must be within 1.." + std::to_string(kWorklistPageSizeMax));
  }
  std::optional<Position> resume;
  if (!request.page_token.empty()) {
    Result<Position> parsed = ParseToken(request.page_token);
    if (!parsed.ok()) return parsed.status();
    resume = *parsed;
  }
  worklist->Clear();
  worklist->set_collector_id(request.collector_id);
  worklist->set_as_of(request.as_of.ToString());
  const std::string prefix = WorklistPrefix(request.collector_id);
  // Every scored entry lives on one arena (allocated and freed in blocks, where entries on the
  // heap spent much of a query in malloc and free); the order is sorted as pointers, and only
  // the page is copied into the answer.
  google::protobuf::Arena arena;
  std::vector<const v1::WorklistEntry*> entries;
  Status failure = Status::Ok();
  bool truncated = false;
  v1::AccountSummary summary;  // Reused: parsing into it reuses its buffers.
  v1::WorklistEntry* entry = google::protobuf::Arena::CreateMessage<v1::WorklistEntry>(&arena);
  ARLEDGER_RETURN_IF_ERROR(view.Scan(
      ReadModel::kWorklist, prefix, PrefixEnd(prefix),
      [&](std::string_view, std::string_view value) {
        worklist->set_accounts(worklist->accounts() + 1);
        // Owing nothing, with no promise or plan, and nothing folded after as_of: the verdict
        // follows from the status alone (WorklistExcludes), without a parse.
        SummarySkim skim;
        if (SkimSummary(value, &skim) && !skim.has_items && !skim.has_promises_or_plans &&
            skim.horizon_date <= worklist->as_of()) {
          if (WorklistExcludes(static_cast<v1::AccountStatus>(skim.status), skim.referral_open)) {
            worklist->set_excluded(worklist->excluded() + 1);
          }
          return true;
        }
        failure = SummaryAsOf(view, value, request.as_of, &summary);
        if (!failure.ok()) return false;
        switch (ScoreAccount(summary, request.as_of, config, entry)) {
          case WorklistVerdict::kListed:
            entries.push_back(entry);
            entry = google::protobuf::Arena::CreateMessage<v1::WorklistEntry>(&arena);
            break;
          case WorklistVerdict::kExcluded:
            worklist->set_excluded(worklist->excluded() + 1);
            break;
          case WorklistVerdict::kNothingToChase:
            break;
        }
        return true;
      },
      kWorklistAccountsMax, &truncated));
  ARLEDGER_RETURN_IF_ERROR(failure);
  if (truncated) {
    return OutOfRange("collector " + request.collector_id + " has more than " +
                      std::to_string(kWorklistAccountsMax) + " accounts");
  }
  const auto before = [](const v1::WorklistEntry* a, const v1::WorklistEntry* b) {
    return Before(*a, *b);
  };
  std::sort(entries.begin(), entries.end(), before);
  worklist->set_entries_total(static_cast<int64_t>(entries.size()));
  size_t start = 0;
  if (resume) {
    v1::WorklistEntry at;
    at.set_score(resume->score);
    at.set_account_id(resume->account_id);
    start = static_cast<size_t>(std::upper_bound(entries.begin(), entries.end(), &at, before) -
                                entries.begin());
  }
  const size_t end = std::min(entries.size(), start + request.page_size);
  for (size_t i = start; i < end; ++i) {
    v1::WorklistEntry* out = worklist->add_entries();
    *out = *entries[i];
    out->set_rank(static_cast<int64_t>(i + 1));
  }
  if (end < entries.size()) worklist->set_next_page_token(TokenOf(worklist->entries().rbegin()[0]));
  return Status::Ok();
}

}  // namespace arledger
