// The KPI formulas of kpi_formulas.h.
#include "core/kpi_formulas.h"

namespace arledger {

using Int128 = __int128;

CountbackResult CountbackDso(int64_t closing_receivables_minor,
                             const std::vector<CountbackMonthInput>& months) {
  CountbackResult result;
  Int128 remaining = closing_receivables_minor;
  for (const CountbackMonthInput& month : months) {
    if (remaining <= 0) break;
    if (month.credit_sales_minor <= 0 || remaining > month.credit_sales_minor) {
      result.days_counted.push_back(month.days);
      result.days += month.days;
      remaining -= month.credit_sales_minor > 0 ? month.credit_sales_minor : 0;
      continue;
    }
    const double part = static_cast<double>(month.days) * static_cast<double>(remaining) /
                        static_cast<double>(month.credit_sales_minor);
    result.days_counted.push_back(part);
    result.days += part;
    remaining = 0;
  }
  result.capped = remaining > 0;
  return result;
}

std::optional<double> SimpleDso(int64_t closing_receivables_minor, int64_t credit_sales_minor,
                                int32_t days) {
  if (credit_sales_minor <= 0) return std::nullopt;
  return static_cast<double>(closing_receivables_minor) / static_cast<double>(credit_sales_minor) *
         days;
}

std::optional<double> CollectionEffectivenessIndex(int64_t opening_receivables_minor,
                                                   int64_t credit_sales_minor,
                                                   int64_t closing_receivables_minor,
                                                   int64_t closing_current_receivables_minor) {
  const Int128 available = Int128{opening_receivables_minor} + credit_sales_minor;
  const Int128 collected = available - closing_receivables_minor;
  const Int128 collectable = available - closing_current_receivables_minor;
  if (collectable <= 0) return std::nullopt;
  return static_cast<double>(collected) / static_cast<double>(collectable) * 100.0;
}

}  // namespace arledger
