// Aging index contributions and their application to stored entries.
#include "projections/aging_index.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <tuple>
#include <vector>

#include "projections/read_model_keys.h"

namespace arledger {

void AddAgingContribution(const v1::AccountSummary& summary, int sign, AgingDeltas* deltas) {
  if (summary.items().empty()) return;
  const std::pair<AgingGroup, const std::string*> groups[] = {
      {AgingGroup::kCollector, &summary.collector_id()},
      {AgingGroup::kPortfolio, &summary.portfolio()},
  };
  for (const auto& [kind, group] : groups) {
    (*deltas)[AgingCountKey(kind, *group)] += sign;
    for (const v1::SummaryItem& item : summary.items()) {
      (*deltas)[AgingAmountKey(kind, *group, item.currency(), item.due_date())] +=
          static_cast<__int128>(sign) * item.open_minor();
    }
  }
}

void AddAgingChange(const v1::AccountSummary* before, const v1::AccountSummary& after,
                    AgingDeltas* deltas) {
  if (before == nullptr) return AddAgingContribution(after, +1, deltas);
  if (before->collector_id() != after.collector_id() || before->portfolio() != after.portfolio()) {
    AddAgingContribution(*before, -1, deltas);
    return AddAgingContribution(after, +1, deltas);
  }
  // Same groups: net each (currency, due date) first, then touch only what changed.
  struct Change {
    std::string_view currency;
    std::string_view due_date;
    __int128 delta;
  };
  std::vector<Change> changes;
  changes.reserve(static_cast<size_t>(before->items_size() + after.items_size()));
  for (const v1::SummaryItem& item : before->items())
    changes.push_back(
        {item.currency(), item.due_date(), -static_cast<__int128>(item.open_minor())});
  for (const v1::SummaryItem& item : after.items())
    changes.push_back({item.currency(), item.due_date(), item.open_minor()});
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return std::tie(a.currency, a.due_date) < std::tie(b.currency, b.due_date);
  });
  const std::string* groups[] = {&after.collector_id(), &after.portfolio()};
  const AgingGroup kinds[] = {AgingGroup::kCollector, AgingGroup::kPortfolio};
  const int count_change = (after.items().empty() ? 0 : 1) - (before->items().empty() ? 0 : 1);
  for (int g = 0; g < 2; ++g) {
    if (count_change != 0) (*deltas)[AgingCountKey(kinds[g], *groups[g])] += count_change;
  }
  for (size_t first = 0; first < changes.size();) {
    size_t last = first;
    __int128 net = 0;
    for (; last < changes.size() && changes[last].currency == changes[first].currency &&
           changes[last].due_date == changes[first].due_date;
         ++last) {
      net += changes[last].delta;
    }
    if (net != 0) {
      for (int g = 0; g < 2; ++g) {
        (*deltas)[AgingAmountKey(kinds[g], *groups[g], changes[first].currency,
                                 changes[first].due_date)] += net;
      }
    }
    first = last;
  }
}

Status ApplyAgingDelta(const std::string& key, const std::string& stored, __int128 delta,
                       std::string* value, bool* erase) {
  AgingKeyParts parts;
  if (!ParseAgingKey(key, &parts)) return Corruption("malformed aging index key");
  v1::AgingIndexValue entry;
  if (!entry.ParseFromString(stored)) return Corruption("aging index value does not parse");
  const __int128 current = parts.is_count ? entry.accounts() : entry.open_minor();
  const __int128 updated = current + delta;
  if (updated < 0 || updated > std::numeric_limits<int64_t>::max()) {
    return Corruption("aging index entry for '" + parts.group + "' would become " +
                      (updated < 0 ? "negative" : "larger than int64"));
  }
  *erase = updated == 0;
  if (*erase) return Status::Ok();
  if (parts.is_count) {
    entry.set_accounts(static_cast<int64_t>(updated));
  } else {
    entry.set_open_minor(static_cast<int64_t>(updated));
  }
  if (!entry.SerializeToString(value)) return Internal("aging index value does not serialise");
  return Status::Ok();
}

}  // namespace arledger
