// Receivables KPI formulas: DSO (countback and simple) and the collection effectiveness index.
//
// Pure arithmetic over amounts the caller has already summed per currency (money never mixes
// currencies); results are ratios and day counts, not money, so they are doubles. Sums are taken
// in 128 bits, so no input within int64 can overflow. Stated again, with examples, in
// docs/API.md. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace arledger {

// One month of the countback walk: its credit sales and its calendar days.
struct CountbackMonthInput {
  int64_t credit_sales_minor = 0;
  int32_t days = 0;
};

struct CountbackResult {
  double days = 0;
  bool capped = false;               // Receivables were left after the last month given.
  std::vector<double> days_counted;  // Per month walked, most recent first.
};

// Countback DSO (the UK standard): start from the closing receivables R and walk back month by
// month, most recent first. While R exceeds a month's credit sales S (a month with S <= 0 is
// passed through whole), count all the month's days and take S off R; in the month where
// R <= S, count days x R / S and stop. DSO is the days counted; 0 when R <= 0.
CountbackResult CountbackDso(int64_t closing_receivables_minor,
                             const std::vector<CountbackMonthInput>& months);

// Simple DSO = closing receivables / credit sales x days in the period; none when credit sales
// are not positive.
std::optional<double> SimpleDso(int64_t closing_receivables_minor, int64_t credit_sales_minor,
                                int32_t days);

// CEI = (opening receivables + credit sales - closing receivables)
//     / (opening receivables + credit sales - closing current receivables) x 100;
// none when the denominator is not positive.
std::optional<double> CollectionEffectivenessIndex(int64_t opening_receivables_minor,
                                                   int64_t credit_sales_minor,
                                                   int64_t closing_receivables_minor,
                                                   int64_t closing_current_receivables_minor);

}  // namespace arledger
