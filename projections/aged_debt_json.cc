// AgedDebtJson: the aged debt report as JSON, written directly. The protobuf JSON printer
// spends ~18 us a line (reflection, a stream of converters); a report of 250,000 lines then
// takes seconds. This writes the same bytes as service/json.h's ToJson (proto field names,
// int64 as strings, zero values printed, fields in declaration order), at a small fraction of
// the cost; tests/unit/service/aged_debt_json_test.cc holds the two byte for byte together.
#include "core/account_summary.h"
#include "projections/aged_debt_query.h"
#include "projections/json_string.h"

namespace arledger {
namespace {

void AppendField(std::string* out, const char* name, bool first = false) {
  if (!first) out->push_back(',');
  out->push_back('"');
  *out += name;
  *out += "\":";
}

void AppendInt64(std::string* out, const char* name, int64_t value) {
  AppendField(out, name);
  out->push_back('"');
  *out += std::to_string(value);
  out->push_back('"');
}

void AppendBuckets(std::string* out, const char* name,
                   const google::protobuf::RepeatedPtrField<v1::AgingBuckets>& all) {
  static constexpr const char* kBucketNames[kAgingBucketCount] = {
      "current_minor",    "days_1_30_minor",   "days_31_60_minor",
      "days_61_90_minor", "days_91_120_minor", "days_over_120_minor"};
  AppendField(out, name);
  out->push_back('[');
  for (int i = 0; i < all.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->push_back('{');
    AppendField(out, "currency", true);
    AppendJsonString(out, all[i].currency());
    for (int bucket = 0; bucket < kAgingBucketCount; ++bucket) {
      AppendInt64(out, kBucketNames[bucket], BucketAmount(all[i], bucket));
    }
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace

std::string AgedDebtJson(const v1::AgedDebtReport& report) {
  std::string out;
  out.reserve(static_cast<size_t>(report.lines_size()) * 320 + 4096);
  out.push_back('{');
  AppendField(&out, "as_of", true);
  AppendJsonString(&out, report.as_of());
  AppendField(&out, "group_by");
  AppendJsonString(&out, report.group_by());
  AppendField(&out, "lines");
  out.push_back('[');
  for (int i = 0; i < report.lines_size(); ++i) {
    const v1::AgedDebtLine& line = report.lines(i);
    if (i > 0) out.push_back(',');
    out.push_back('{');
    AppendField(&out, "account_id", true);
    AppendJsonString(&out, line.account_id());
    AppendField(&out, "collector_id");
    AppendJsonString(&out, line.collector_id());
    AppendField(&out, "portfolio");
    AppendJsonString(&out, line.portfolio());
    AppendBuckets(&out, "aging", line.aging());
    out.push_back('}');
  }
  out.push_back(']');
  AppendField(&out, "groups");
  out.push_back('[');
  for (int i = 0; i < report.groups_size(); ++i) {
    const v1::AgedDebtGroup& group = report.groups(i);
    if (i > 0) out.push_back(',');
    out.push_back('{');
    AppendField(&out, "group", true);
    AppendJsonString(&out, group.group());
    AppendInt64(&out, "accounts", group.accounts());
    AppendBuckets(&out, "totals", group.totals());
    out.push_back('}');
  }
  out.push_back(']');
  AppendBuckets(&out, "totals", report.totals());
  AppendField(&out, "basis");
  AppendJsonString(&out, report.basis());
  AppendField(&out, "horizon_date");
  AppendJsonString(&out, report.horizon_date());
  out.push_back('}');
  return out;
}

}  // namespace arledger
