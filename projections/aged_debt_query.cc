#include "projections/aged_debt_query.h"

#include <map>

#include "core/money.h"

namespace arledger {
namespace {

// Adds `from` into the entry for its currency in `into`, checked.
Status AddBuckets(const v1::AgingBuckets& from,
                  google::protobuf::RepeatedPtrField<v1::AgingBuckets>* into) {
  v1::AgingBuckets* target = nullptr;
  for (v1::AgingBuckets& buckets : *into) {
    if (buckets.currency() == from.currency()) target = &buckets;
  }
  if (target == nullptr) {
    target = into->Add();
    target->set_currency(from.currency());
  }
  const std::pair<int64_t (v1::AgingBuckets::*)() const, void (v1::AgingBuckets::*)(int64_t)>
      fields[] = {
          {&v1::AgingBuckets::current_minor, &v1::AgingBuckets::set_current_minor},
          {&v1::AgingBuckets::days_1_30_minor, &v1::AgingBuckets::set_days_1_30_minor},
          {&v1::AgingBuckets::days_31_60_minor, &v1::AgingBuckets::set_days_31_60_minor},
          {&v1::AgingBuckets::days_61_90_minor, &v1::AgingBuckets::set_days_61_90_minor},
          {&v1::AgingBuckets::days_91_120_minor, &v1::AgingBuckets::set_days_91_120_minor},
          {&v1::AgingBuckets::days_over_120_minor, &v1::AgingBuckets::set_days_over_120_minor},
      };
  for (const auto& [get, set] : fields) {
    Result<int64_t> sum = CheckedAdd((target->*get)(), (from.*get)());
    if (!sum.ok()) return sum.status();
    (target->*set)(*sum);
  }
  return Status::Ok();
}

bool HasDebt(const v1::AgingBuckets& b) {
  return b.current_minor() || b.days_1_30_minor() || b.days_31_60_minor() || b.days_61_90_minor() ||
         b.days_91_120_minor() || b.days_over_120_minor();
}

void CsvRows(const std::string& kind, const std::string& id, const std::string& collector,
             const std::string& portfolio,
             const google::protobuf::RepeatedPtrField<v1::AgingBuckets>& aging, std::string* out) {
  for (const v1::AgingBuckets& b : aging) {
    std::string total = "overflow";  // Each bucket fits int64; their sum might not.
    Result<int64_t> sum = int64_t{0};
    for (int64_t part : {b.current_minor(), b.days_1_30_minor(), b.days_31_60_minor(),
                         b.days_61_90_minor(), b.days_91_120_minor(), b.days_over_120_minor()}) {
      if (sum.ok()) sum = CheckedAdd(*sum, part);
    }
    if (sum.ok()) total = std::to_string(*sum);
    *out += kind + "," + id + "," + collector + "," + portfolio + "," + b.currency() + "," +
            std::to_string(b.current_minor()) + "," + std::to_string(b.days_1_30_minor()) + "," +
            std::to_string(b.days_31_60_minor()) + "," + std::to_string(b.days_61_90_minor()) +
            "," + std::to_string(b.days_91_120_minor()) + "," +
            std::to_string(b.days_over_120_minor()) + "," + total + "\n";
  }
}

// Quotes a CSV field when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Status QueryAgedDebt(const Store& store, Date as_of, AgedDebtGrouping grouping,
                     const AgingConfig& aging, v1::AgedDebtReport* report) {
  report->Clear();
  report->set_as_of(as_of.ToString());
  report->set_group_by(grouping == AgedDebtGrouping::kCollector ? "collector" : "portfolio");
  std::map<std::string, v1::AgedDebtGroup> groups;
  Status failure = Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(store.ForEachAccount([&](const v1::AccountState& state) {
    const v1::AccountView view = BuildAccountView(state, as_of, aging);
    v1::AgedDebtLine line;
    for (const v1::AgingBuckets& buckets : view.aging()) {
      if (HasDebt(buckets)) *line.add_aging() = buckets;
    }
    if (line.aging().empty()) return true;
    line.set_account_id(state.account_id());
    line.set_collector_id(state.collector_id());
    line.set_portfolio(state.portfolio());
    const std::string& key =
        grouping == AgedDebtGrouping::kCollector ? state.collector_id() : state.portfolio();
    v1::AgedDebtGroup& group = groups[key];
    group.set_group(key);
    group.set_accounts(group.accounts() + 1);
    for (const v1::AgingBuckets& buckets : line.aging()) {
      failure = AddBuckets(buckets, group.mutable_totals());
      if (failure.ok()) failure = AddBuckets(buckets, report->mutable_totals());
      if (!failure.ok()) return false;
    }
    *report->add_lines() = std::move(line);
    return true;
  }));
  ARLEDGER_RETURN_IF_ERROR(failure);
  for (auto& [name, group] : groups) *report->add_groups() = std::move(group);
  return Status::Ok();
}

std::string AgedDebtCsv(const v1::AgedDebtReport& report) {
  std::string out =
      "row,id,collector_id,portfolio,currency,current,days_1_30,days_31_60,days_61_90,"
      "days_91_120,days_over_120,total\n";
  for (const v1::AgedDebtLine& line : report.lines()) {
    CsvRows("account", CsvField(line.account_id()), CsvField(line.collector_id()),
            CsvField(line.portfolio()), line.aging(), &out);
  }
  for (const v1::AgedDebtGroup& group : report.groups()) {
    CsvRows(report.group_by(), CsvField(group.group()), "", "", group.totals(), &out);
  }
  CsvRows("total", "", "", "", report.totals(), &out);
  return out;
}

}  // namespace arledger
