// Output helpers: JSON quoting, timestamps and the account view's text form.
#include "ledgerctl/output.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>

#include "service/logging.h"

namespace arledger::ctl {

std::string JsonQuoted(std::string_view text) {
  std::string out = "\"";
  AppendJsonEscaped(text, &out);
  return out + "\"";
}

std::string FormatTimestampMs(int64_t timestamp_ms) {
  return google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(timestamp_ms));
}

void PrintAccountView(const v1::AccountView& view) {
  std::printf("account %s as of %s%s\n", view.account_id().c_str(), view.as_of().c_str(),
              view.opened() ? "" : " (not opened)");
  if (!view.name().empty()) std::printf("  name       %s\n", view.name().c_str());
  if (!view.collector_id().empty()) std::printf("  collector  %s\n", view.collector_id().c_str());
  for (const v1::AccountBalance& b : view.balances()) {
    std::printf(
        "  %s balance %lld (open items %lld, unallocated cash %lld, credit %lld, "
        "overdue %lld)\n",
        b.currency().c_str(), static_cast<long long>(b.balance_minor()),
        static_cast<long long>(b.open_items_minor()),
        static_cast<long long>(b.unallocated_cash_minor()),
        static_cast<long long>(b.account_credit_minor()),
        static_cast<long long>(b.overdue_minor()));
  }
  for (const v1::ItemView& item : view.items()) {
    std::printf("  invoice %-16s due %s open %lld %s (%s, %d days past due)\n",
                item.invoice_id().c_str(), item.due_date().c_str(),
                static_cast<long long>(item.open_minor()), item.currency().c_str(),
                item.aging_bucket().c_str(), item.days_past_due());
  }
}

}  // namespace arledger::ctl
