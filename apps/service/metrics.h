// Metrics: request counters and latency histograms per route, rendered as Prometheus text
// together with the ledger's own counters. Thread-safe: any HTTP worker may record.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace arledger {

class Metrics {
 public:
  // Histogram bucket upper bounds, in seconds.
  static constexpr std::array<double, 10> kLatencyBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};

  // Makes `route` known before its first request (http::Timed does, when a route is
  // registered), so that its latency histogram is rendered, at zero, from the start: the
  // rendered route labels are then every route the server serves.
  void DeclareRoute(const std::string& route);
  void RecordRequest(const std::string& route, int status_code, double seconds);
  // Appends the request families to `out` in Prometheus text format.
  void RenderRequests(std::string* out) const;

 private:
  struct Histogram {
    std::array<uint64_t, kLatencyBucketsSeconds.size()> buckets{};
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status) -> count.
  std::map<std::string, Histogram> latency_;  // route -> histogram; every declared route.
};

// Appends one sample line: `name{labels} value`.
void AppendSample(std::string* out, const std::string& name, const std::string& labels,
                  double value);

}  // namespace arledger
