// AgedDebtCsv: the aged debt report as CSV.
#include "core/money.h"
#include "projections/aged_debt_query.h"

namespace arledger {
namespace {

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
