// QueryPromises: day-by-day scans of the promise index, judged against account states.
#include "projections/promise_queries.h"

#include <unordered_map>

#include "core/instalment_status.h"
#include "projections/read_model_keys.h"

namespace arledger {
namespace {

// Bound on the account states a query keeps parsed at once.
constexpr size_t kStateCacheMax = 1024;

class StateCache {
 public:
  explicit StateCache(const StoreView& view) : view_(view) {}
  Status Get(const std::string& account_id, const AccountState** state) {
    auto it = states_.find(account_id);
    if (it == states_.end()) {
      if (states_.size() == kStateCacheMax) states_.clear();
      AccountState loaded;
      bool found = false;
      ARLEDGER_RETURN_IF_ERROR(view_.GetAccount(account_id, &loaded, &found));
      if (!found) return Corruption("promise index names account " + account_id + ", unknown");
      it = states_.emplace(account_id, std::move(loaded)).first;
    }
    *state = &it->second;
    return Status::Ok();
  }

 private:
  const StoreView& view_;
  std::unordered_map<std::string, AccountState> states_;
};

bool Selected(PromiseSelection selection, PromiseStatus status) {
  if (selection == PromiseSelection::kBroken) return status == PromiseStatus::kBroken;
  return status != PromiseStatus::kNotYetMade && status != PromiseStatus::kCancelled;
}

Status CheckRequest(const PromiseRequest& request, Date* last_day) {
  if (request.page_size < 1 || request.page_size > kPromisePageSizeMax) {
    return InvalidArgument("page_size must be within 1.." + std::to_string(kPromisePageSizeMax));
  }
  *last_day = request.first_day;
  if (request.selection == PromiseSelection::kBroken) {
    if (request.first_day > request.as_of) return InvalidArgument("since must not be after as_of");
    if (request.as_of - request.first_day > kPromiseSinceDaysMax) {
      return InvalidArgument("since must be within " + std::to_string(kPromiseSinceDaysMax) +
                             " days of as_of");
    }
    *last_day = request.as_of;
  }
  return Status::Ok();
}

}  // namespace

PromiseStatus JudgePromiseEntry(const AccountState& state, const v1::PromiseIndexEntry& entry,
                                Date as_of, const PromiseConfig& config) {
  if (entry.instalment() == 0) {
    for (const Promise& promise : state.promises) {
      if (promise.promise_id == entry.promise_id()) {
        return PromiseStatusAsOf(state, promise, as_of, config);
      }
    }
  } else {
    for (const Plan& plan : state.plans) {
      if (plan.plan_id == entry.promise_id() && entry.instalment() >= 1 &&
          static_cast<size_t>(entry.instalment()) <= plan.instalments.size()) {
        return InstalmentStatusAsOf(state, plan, entry.instalment(), as_of, config);
      }
    }
  }
  return PromiseStatus::kNotYetMade;
}

Status QueryPromises(const StoreView& view, const PromiseRequest& request,
                     const PromiseConfig& config, v1::PromiseList* list) {
  Date last_day;
  ARLEDGER_RETURN_IF_ERROR(CheckRequest(request, &last_day));
  std::string resume;
  if (!request.page_token.empty()) {
    Result<std::string> decoded = DecodePageToken(request.page_token);
    if (!decoded.ok()) return decoded.status();
    resume = std::move(*decoded);
  }
  list->Clear();
  list->set_as_of(request.as_of.ToString());
  StateCache states(view);
  size_t examined = 0;
  Status failure = Status::Ok();
  bool stopped = false;
  for (Date day = request.first_day; day <= last_day && !stopped; day = day.AddDays(1)) {
    const std::string prefix = request.collector_id.empty()
                                   ? PromiseDatePrefix(day.ToString())
                                   : PromiseCollectorPrefix(day.ToString(), request.collector_id);
    const std::string end = PrefixEnd(prefix);
    if (!resume.empty() && resume >= end) continue;
    ARLEDGER_RETURN_IF_ERROR(view.Scan(
        ReadModel::kPromises, std::max(prefix, resume), end,
        [&](std::string_view key, std::string_view value) {
          if (static_cast<size_t>(list->promises_size()) == request.page_size ||
              examined == kPromiseScanEntriesMax) {
            list->set_next_page_token(EncodePageToken(key));
            stopped = true;
            return false;
          }
          ++examined;
          v1::PromiseIndexEntry entry;
          const AccountState* state = nullptr;
          if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            failure = Corruption("promise index entry does not parse");
          } else {
            failure = states.Get(entry.account_id(), &state);
          }
          if (!failure.ok()) return false;
          const PromiseStatus status = JudgePromiseEntry(*state, entry, request.as_of, config);
          if (!Selected(request.selection, status)) return true;
          v1::PromiseDue* out = list->add_promises();
          out->set_account_id(entry.account_id());
          out->set_collector_id(entry.collector_id());
          out->set_promise_id(entry.promise_id());
          out->set_instalment(entry.instalment());
          out->set_due_date(entry.due_date());
          *out->mutable_amount() = entry.amount();
          out->set_made_date(entry.made_date());
          out->set_status(std::string(PromiseStatusName(status)));
          return true;
        }));
    ARLEDGER_RETURN_IF_ERROR(failure);
  }
  return Status::Ok();
}

Status CountPromiseOutcomes(const StoreView& view, Date from, Date to, const PromiseConfig& config,
                            std::map<std::string, PromiseOutcomes>* by_currency) {
  StateCache states(view);
  Status failure = Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(view.Scan(
      ReadModel::kPromises, PromiseDatePrefix(from.ToString()),
      PrefixEnd(PromiseDatePrefix(to.ToString())), [&](std::string_view, std::string_view value) {
        v1::PromiseIndexEntry entry;
        if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          failure = Corruption("promise index entry does not parse");
          return false;
        }
        if (entry.instalment() != 0) return true;
        const AccountState* state = nullptr;
        failure = states.Get(entry.account_id(), &state);
        if (!failure.ok()) return false;
        const PromiseStatus status = JudgePromiseEntry(*state, entry, to, config);
        PromiseOutcomes& outcomes = (*by_currency)[entry.amount().currency()];
        if (status == PromiseStatus::kKept) ++outcomes.kept;
        if (status == PromiseStatus::kBroken) ++outcomes.broken;
        return true;
      }));
  return failure;
}

}  // namespace arledger
