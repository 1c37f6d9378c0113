#include "service/metrics.h"

#include <cstdio>

namespace arledger {

void AppendSample(std::string* out, const std::string& name, const std::string& labels,
                  double value) {
  char number[64];
  std::snprintf(number, sizeof number, "%.17g", value);
  *out += name;
  if (!labels.empty()) *out += "{" + labels + "}";
  *out += " ";
  *out += number;
  *out += "\n";
}

void Metrics::DeclareRoute(const std::string& route) {
  std::lock_guard<std::mutex> lock(mutex_);
  latency_.try_emplace(route);
}

void Metrics::RecordRequest(const std::string& route, int status_code, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status_code}];
  Histogram& histogram = latency_[route];
  for (size_t i = 0; i < kLatencyBucketsSeconds.size(); ++i) {
    if (seconds <= kLatencyBucketsSeconds[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum_seconds += seconds;
}

void Metrics::RenderRequests(std::string* out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  *out += "# HELP arledger_http_requests_total HTTP requests by route and status code.\n";
  *out += "# TYPE arledger_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    AppendSample(out, "arledger_http_requests_total",
                 "route=\"" + key.first + "\",code=\"" + std::to_string(key.second) + "\"",
                 static_cast<double>(count));
  }
  *out += "# HELP arledger_http_request_seconds HTTP request latency by route.\n";
  *out += "# TYPE arledger_http_request_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    const std::string route_label = "route=\"" + route + "\"";
    for (size_t i = 0; i < kLatencyBucketsSeconds.size(); ++i) {
      char bound[32];
      std::snprintf(bound, sizeof bound, "%g", kLatencyBucketsSeconds[i]);
      AppendSample(out, "arledger_http_request_seconds_bucket",
                   route_label + ",le=\"" + bound + "\"",
                   static_cast<double>(histogram.buckets[i]));
    }
    AppendSample(out, "arledger_http_request_seconds_bucket", route_label + ",le=\"+Inf\"",
                 static_cast<double>(histogram.count));
    AppendSample(out, "arledger_http_request_seconds_sum", route_label, histogram.sum_seconds);
    AppendSample(out, "arledger_http_request_seconds_count", route_label,
                 static_cast<double>(histogram.count));
  }
}

}  // namespace arledger
