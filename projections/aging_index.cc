// Aging index contributions and their application to stored entries.
#include "projections/aging_index.h"

#include <limits>

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
