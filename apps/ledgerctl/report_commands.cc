// ledgerctl aged-debt / worklist / kpis: the collections reports, read from a store directory
// opened read-only (so they work beside a running ledgerd).
#include <cstdio>

#include "arledger/v1/api.pb.h"
#include "ledgerctl/commands.h"
#include "projections/aged_debt_query.h"
#include "projections/kpi_query.h"
#include "projections/worklist_query.h"
#include "service/http_util.h"
#include "service/json.h"

namespace arledger::ctl {
namespace {

Status OpenReadOnly(const std::string& directory, std::unique_ptr<Store>* store) {
  if (directory.empty()) return InvalidArgument("--store is required");
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  return Store::Open(directory, options, store);
}

Status DateFlag(const std::string& text, const char* flag, Date fallback, Date* out) {
  if (text.empty()) {
    *out = fallback;
    return Status::Ok();
  }
  Result<Date> parsed = Date::Parse(text);
  if (!parsed.ok()) return InvalidArgument(std::string(flag) + ": " + parsed.status().message());
  *out = *parsed;
  return Status::Ok();
}

long long L(int64_t value) { return static_cast<long long>(value); }

void PrintBuckets(const char* label, const v1::AgingBuckets& b) {
  std::printf("  %-16s %s %12lld %12lld %12lld %12lld %12lld %12lld\n", label, b.currency().c_str(),
              L(b.current_minor()), L(b.days_1_30_minor()), L(b.days_31_60_minor()),
              L(b.days_61_90_minor()), L(b.days_91_120_minor()), L(b.days_over_120_minor()));
}

void PrintAgedDebt(const v1::AgedDebtReport& report) {
  std::printf("aged debt as of %s by %s (%s basis; horizon %s)\n", report.as_of().c_str(),
              report.group_by().c_str(), report.basis().c_str(), report.horizon_date().c_str());
  std::printf("  %-16s %-3s %12s %12s %12s %12s %12s %12s\n", "", "", "current", "1-30", "31-60",
              "61-90", "91-120", "120+");
  for (const v1::AgedDebtGroup& group : report.groups()) {
    const std::string label = (group.group().empty() ? "(none)" : group.group()) + " (" +
                              std::to_string(group.accounts()) + ")";
    for (const v1::AgingBuckets& b : group.totals()) PrintBuckets(label.c_str(), b);
  }
  for (const v1::AgingBuckets& b : report.totals()) PrintBuckets("total", b);
}

void PrintWorklist(const v1::Worklist& worklist) {
  std::printf("worklist of %s as of %s: %lld listed, %lld excluded, %lld accounts\n",
              worklist.collector_id().c_str(), worklist.as_of().c_str(),
              L(worklist.entries_total()), L(worklist.excluded()), L(worklist.accounts()));
  for (const v1::WorklistEntry& entry : worklist.entries()) {
    std::string overdue;
    for (const v1::CurrencyAmount& amount : entry.overdue()) {
      overdue += " " + amount.currency() + " " + std::to_string(amount.amount_minor());
    }
    std::printf("  %4lld %-20s score %5lld  %4d days%s%s%s\n", L(entry.rank()),
                entry.account_id().c_str(), L(entry.score()), entry.days_past_due(),
                overdue.c_str(), entry.promise_due() ? "  promise due" : "",
                entry.broken_promises() > 0 ? "  broken promises" : "");
  }
}

void PrintKpis(const v1::KpiReport& report) {
  std::printf("KPIs %s .. %s (%d days; current receivables on the %s basis)\n",
              report.from().c_str(), report.to().c_str(), report.days(),
              report.current_basis().c_str());
  for (const v1::CurrencyKpis& k : report.currencies()) {
    if (k.currency().empty()) continue;  // Referrals without money: in --json.
    std::printf("  %s receivables %lld -> %lld (current %lld), credit sales %lld, cash %lld\n",
                k.currency().c_str(), L(k.opening_receivables_minor()),
                L(k.closing_receivables_minor()), L(k.closing_current_receivables_minor()),
                L(k.credit_sales_minor()), L(k.cash_collected_minor()));
    std::printf("      DSO countback %.1f%s, simple %s, CEI %s, promises kept %lld broken %lld\n",
                k.dso_countback_days(), k.dso_countback_capped() ? "+ (capped)" : "",
                k.has_dso_simple_days() ? std::to_string(k.dso_simple_days()).c_str() : "n/a",
                k.has_cei_percent() ? std::to_string(k.cei_percent()).c_str() : "n/a",
                L(k.promises_kept()), L(k.promises_broken()));
    std::printf("      write-offs %lld (%lld), credit notes %lld (%lld), unallocated cash %lld\n",
                L(k.write_offs()), L(k.write_offs_minor()), L(k.credit_notes()),
                L(k.credit_notes_minor()), L(k.unallocated_cash_minor()));
  }
}

}  // namespace

Status AgedDebt(const ReportArgs& args, const CommonFlags& common) {
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(OpenReadOnly(args.store_directory, &store));
  Date as_of;
  ARLEDGER_RETURN_IF_ERROR(DateFlag(args.as_of, "--as-of", http::TodayUtc(), &as_of));
  if (args.group_by != "collector" && args.group_by != "portfolio") {
    return InvalidArgument("--group-by must be collector or portfolio");
  }
  AgedDebtOptions options;
  options.grouping =
      args.group_by == "collector" ? AgedDebtGrouping::kCollector : AgedDebtGrouping::kPortfolio;
  options.lines = args.csv || common.json;
  v1::AgedDebtReport report;
  ARLEDGER_RETURN_IF_ERROR(QueryAgedDebt(StoreView(*store), as_of, options, &report));
  if (args.csv) {
    std::fputs(AgedDebtCsv(report).c_str(), stdout);
  } else if (common.json) {
    std::printf("%s\n", ToJson(report).c_str());
  } else {
    PrintAgedDebt(report);
  }
  return Status::Ok();
}

Status Worklist(const ReportArgs& args, const CommonFlags& common) {
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(OpenReadOnly(args.store_directory, &store));
  WorklistRequest request;
  request.collector_id = args.collector_id;
  request.page_size = args.limit;
  ARLEDGER_RETURN_IF_ERROR(DateFlag(args.as_of, "--as-of", http::TodayUtc(), &request.as_of));
  v1::Worklist worklist;
  ARLEDGER_RETURN_IF_ERROR(QueryWorklist(StoreView(*store), request, WorklistConfig(), &worklist));
  if (common.json) {
    std::printf("%s\n", ToJson(worklist).c_str());
  } else {
    PrintWorklist(worklist);
  }
  return Status::Ok();
}

Status Kpis(const ReportArgs& args, const CommonFlags& common) {
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(OpenReadOnly(args.store_directory, &store));
  KpiRequest request;
  request.currency = args.currency;
  ARLEDGER_RETURN_IF_ERROR(DateFlag(args.to, "--to", http::TodayUtc(), &request.to));
  ARLEDGER_RETURN_IF_ERROR(
      DateFlag(args.from, "--from", request.to.AddMonthsToFirst(0), &request.from));
  v1::KpiReport report;
  ARLEDGER_RETURN_IF_ERROR(
      QueryKpis(StoreView(*store), request, AgingConfig(), PromiseConfig(), &report));
  if (common.json) {
    std::printf("%s\n", ToJson(report).c_str());
  } else {
    PrintKpis(report);
  }
  return Status::Ok();
}

}  // namespace arledger::ctl
