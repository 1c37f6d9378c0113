// The aged debt report on its two bases: the aging index, or every account rebuilt as of as_of.
#include "projections/aged_debt_query.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "core/account_summary.h"
#include "projections/account_value.h"
#include "projections/read_model_keys.h"
#include "projections/summary_skim.h"

namespace arledger {
namespace {

using Int128 = __int128;
using Buckets = std::array<Int128, kAgingBucketCount>;

// Sums per group and currency, in 128 bits, checked into int64 when the report is filled.
class AgedDebtSums {
 public:
  void AddAccounts(const std::string& group, int64_t accounts) {
    groups_[group].accounts += accounts;
  }
  void Add(const std::string& group, const std::string& currency, int bucket, int64_t amount) {
    groups_[group].buckets[currency][bucket] += amount;
    totals_[currency][bucket] += amount;
  }
  Status Fill(v1::AgedDebtReport* report) const {
    for (const auto& [name, group] : groups_) {
      v1::AgedDebtGroup* out = report->add_groups();
      out->set_group(name);
      out->set_accounts(group.accounts);
      ARLEDGER_RETURN_IF_ERROR(FillBuckets(group.buckets, out->mutable_totals()));
    }
    return FillBuckets(totals_, report->mutable_totals());
  }

 private:
  static Status FillBuckets(const std::map<std::string, Buckets>& by_currency,
                            google::protobuf::RepeatedPtrField<v1::AgingBuckets>* out) {
    for (const auto& [currency, buckets] : by_currency) {
      v1::AgingBuckets* entry = out->Add();
      entry->set_currency(currency);
      for (int i = 0; i < kAgingBucketCount; ++i) {
        if (buckets[i] > std::numeric_limits<int64_t>::max()) {
          return OutOfRange("aged debt total in " + currency + " does not fit int64");
        }
        SetBucketAmount(entry, i, static_cast<int64_t>(buckets[i]));
      }
    }
    return Status::Ok();
  }

  struct Group {
    int64_t accounts = 0;
    std::map<std::string, Buckets> buckets;
  };
  std::map<std::string, Group> groups_;
  std::map<std::string, Buckets> totals_;
};

const std::string& GroupOf(const v1::AccountSummary& summary, AgedDebtGrouping grouping) {
  return grouping == AgedDebtGrouping::kCollector ? summary.collector_id() : summary.portfolio();
}

// The summary's line on as_of; false when it owes nothing then.
Status LineOf(const v1::AccountSummary& summary, Date as_of, const AgingConfig& aging,
              v1::AgedDebtLine* line, bool* owes) {
  ARLEDGER_RETURN_IF_ERROR(SummaryAging(summary, as_of, aging, line->mutable_aging()));
  *owes = !line->aging().empty();
  line->set_account_id(summary.account_id());
  line->set_collector_id(summary.collector_id());
  line->set_portfolio(summary.portfolio());
  return Status::Ok();
}

Status IndexTotals(const StoreView& view, Date as_of, const AgedDebtOptions& options,
                   AgedDebtSums* sums) {
  const std::string prefix =
      AgingGroupPrefix(options.grouping == AgedDebtGrouping::kCollector ? AgingGroup::kCollector
                                                                        : AgingGroup::kPortfolio);
  Status failure = Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(
      view.Scan(ReadModel::kAging, prefix, PrefixEnd(prefix),
                [&](std::string_view key, std::string_view value) {
                  AgingKeyParts parts;
                  v1::AgingIndexValue entry;
                  if (!ParseAgingKey(key, &parts) ||
                      !entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                    failure = Corruption("aging index entry does not parse");
                    return false;
                  }
                  if (parts.is_count) {
                    sums->AddAccounts(parts.group, entry.accounts());
                    return true;
                  }
                  Result<Date> due = Date::Parse(parts.due_date);
                  const int32_t days_past_due = due.ok() ? DaysPastDue(*due, as_of) : 0;
                  sums->Add(parts.group, parts.currency,
                            AgingBucketIndex(days_past_due, options.aging), entry.open_minor());
                  return true;
                }));
  return failure;
}

Status IndexLines(const StoreView& view, Date as_of, const AgingConfig& aging,
                  v1::AgedDebtReport* report) {
  Status failure = Status::Ok();
  // One message reused for every summary: parsing into it reuses its strings' buffers, where a
  // fresh message per account spent most of a million-account scan in malloc and free.
  v1::AccountSummary summary;
  ARLEDGER_RETURN_IF_ERROR(
      view.Scan(ReadModel::kWorklist, "", "", [&](std::string_view, std::string_view value) {
        SummarySkim skim;
        if (SkimSummary(value, &skim) && !skim.has_items) return true;  // Owes nothing: no line.
        if (!summary.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          failure = Corruption("account summary does not parse");
          return false;
        }
        if (summary.items().empty()) return true;  // Owes nothing: no line.
        bool owes = false;  // Built in place (on the report's arena, if it has one).
        failure = LineOf(summary, as_of, aging, report->add_lines(), &owes);
        if (!owes) report->mutable_lines()->RemoveLast();
        return failure.ok();
      }));
  ARLEDGER_RETURN_IF_ERROR(failure);
  std::sort(report->mutable_lines()->begin(), report->mutable_lines()->end(),
            [](const v1::AgedDebtLine& a, const v1::AgedDebtLine& b) {
              return a.account_id() < b.account_id();
            });
  return Status::Ok();
}

Status ExactReport(const StoreView& view, Date as_of, const AgedDebtOptions& options,
                   AgedDebtSums* sums, v1::AgedDebtReport* report) {
  Status failure = Status::Ok();
  AccountState state;
  ARLEDGER_RETURN_IF_ERROR(
      view.Scan(ReadModel::kAccounts, "", "", [&](std::string_view, std::string_view value) {
        failure = DecodeStoredAccount(value, &state);
        if (!failure.ok()) return false;
        const v1::AccountSummary summary = BuildAccountSummary(state, as_of);
        v1::AgedDebtLine line;
        bool owes = false;
        failure = LineOf(summary, as_of, options.aging, &line, &owes);
        if (!failure.ok() || !owes) return failure.ok();
        const std::string& group = GroupOf(summary, options.grouping);
        sums->AddAccounts(group, 1);
        for (const v1::AgingBuckets& buckets : line.aging()) {
          for (int i = 0; i < kAgingBucketCount; ++i) {
            sums->Add(group, buckets.currency(), i, BucketAmount(buckets, i));
          }
        }
        if (options.lines) *report->add_lines() = std::move(line);
        return true;
      }));
  return failure;
}

}  // namespace

Status QueryAgedDebt(const StoreView& view, Date as_of, const AgedDebtOptions& options,
                     v1::AgedDebtReport* report) {
  report->Clear();
  v1::ProjectionMeta meta;
  ARLEDGER_RETURN_IF_ERROR(view.ReadMeta(&meta));
  report->set_as_of(as_of.ToString());
  report->set_group_by(options.grouping == AgedDebtGrouping::kCollector ? "collector"
                                                                        : "portfolio");
  report->set_horizon_date(meta.horizon_date());
  const bool index = !options.exact && report->as_of() >= meta.horizon_date();
  report->set_basis(index ? "index" : "exact");
  AgedDebtSums sums;
  if (index) {
    ARLEDGER_RETURN_IF_ERROR(IndexTotals(view, as_of, options, &sums));
    if (options.lines) ARLEDGER_RETURN_IF_ERROR(IndexLines(view, as_of, options.aging, report));
  } else {
    ARLEDGER_RETURN_IF_ERROR(ExactReport(view, as_of, options, &sums, report));
  }
  return sums.Fill(report);
}

Status QueryAgedDebt(const Store& store, Date as_of, AgedDebtGrouping grouping,
                     const AgingConfig& aging, v1::AgedDebtReport* report) {
  const StoreView view(store);
  AgedDebtOptions options;
  options.grouping = grouping;
  options.aging = aging;
  return QueryAgedDebt(view, as_of, options, report);
}

}  // namespace arledger
