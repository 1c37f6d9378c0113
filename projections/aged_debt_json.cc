// AgedDebtJson: the aged debt report as JSON, written directly. The protobuf JSON printer
// spends ~18 us a line (reflection, a stream of converters); a report of 250,000 lines then
// takes seconds. This writes the same bytes as service/json.h's ToJson (proto field names,
// int64 as strings, zero values printed, fields in declaration order), at a small fraction of
// the cost; tests/unit/service/aged_debt_json_test.cc holds the two byte for byte together.
#include <cstdio>

#include "core/account_summary.h"
#include "projections/aged_debt_query.h"

namespace arledger {
namespace {

// Escapes as protobuf's JSON printer does: quote, backslash, control characters (the short
// forms where JSON has one), and '<', '>', DEL, U+2028, U+2029 as \uXXXX.
void AppendString(std::string* out, std::string_view text) {
  out->push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        *out += "\\\"";
        continue;
      case '\\':
        *out += "\\\\";
        continue;
      case '\b':
        *out += "\\b";
        continue;
      case '\f':
        *out += "\\f";
        continue;
      case '\n':
        *out += "\\n";
        continue;
      case '\r':
        *out += "\\r";
        continue;
      case '\t':
        *out += "\\t";
        continue;
      default:
        break;
    }
    // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
    if (c == 0xe2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
         static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      *out += static_cast<unsigned char>(text[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    if (c < 0x20 || c == '<' || c == '>' || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      *out += escaped;
      continue;
    }
    out->push_back(static_cast<char>(c));
  }
  out->push_back('"');
}

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
    AppendString(out, all[i].currency());
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
  AppendString(&out, report.as_of());
  AppendField(&out, "group_by");
  AppendString(&out, report.group_by());
  AppendField(&out, "lines");
  out.push_back('[');
  for (int i = 0; i < report.lines_size(); ++i) {
    const v1::AgedDebtLine& line = report.lines(i);
    if (i > 0) out.push_back(',');
    out.push_back('{');
    AppendField(&out, "account_id", true);
    AppendString(&out, line.account_id());
    AppendField(&out, "collector_id");
    AppendString(&out, line.collector_id());
    AppendField(&out, "portfolio");
    AppendString(&out, line.portfolio());
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
    AppendString(&out, group.group());
    AppendInt64(&out, "accounts", group.accounts());
    AppendBuckets(&out, "totals", group.totals());
    out.push_back('}');
  }
  out.push_back(']');
  AppendBuckets(&out, "totals", report.totals());
  AppendField(&out, "basis");
  AppendString(&out, report.basis());
  AppendField(&out, "horizon_date");
  AppendString(&out, report.horizon_date());
  out.push_back('}');
  return out;
}

}  // namespace arledger
