// Shared by the benchmarks: wall-clock timing, peak RSS, JSON-lines output, scratch dirs.
//
// Peak RSS is the kernel's high-water mark (VmHWM), which ResetPeakRss() lowers to the current
// resident size (Linux >= 4.0, /proc/self/clear_refs): a benchmark resets it after preparing its
// input, so the peak it reports is the one reached while the measured work ran (plus whatever
// input was still resident). Not thread-safe; the benchmarks run on one thread.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace arledger::bench {

// The process's peak resident set since start or the last ResetPeakRss, in MiB.
inline double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // In kB.
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux.
}

// Lowers the peak to the current resident size; false where the kernel does not allow it.
inline bool ResetPeakRss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Prints one JSON object on one line: name, events, seconds, events_per_s, extra fields, and
// peak RSS (`peak_rss_mb` when given, else the peak now).
inline void Report(const std::string& name, int64_t events, double seconds,
                   const std::vector<std::pair<std::string, double>>& extra = {},
                   double peak_rss_mb = -1) {
  std::printf("{\"name\": \"%s\", \"events\": %lld, \"seconds\": %.4f, \"events_per_s\": %.0f",
              name.c_str(), static_cast<long long>(events), seconds,
              seconds > 0 ? static_cast<double>(events) / seconds : 0.0);
  for (const auto& [key, value] : extra) {
    // Whole numbers (counts, events/s) in full; others to four significant digits.
    const bool whole = value == std::floor(value) && std::fabs(value) < 1e15;
    if (whole) {
      std::printf(", \"%s\": %.0f", key.c_str(), value);
    } else {
      std::printf(", \"%s\": %.4g", key.c_str(), value);
    }
  }
  std::printf(", \"peak_rss_mb\": %.1f}\n", peak_rss_mb >= 0 ? peak_rss_mb : PeakRssMb());
  std::fflush(stdout);
}

// The middle value (the upper one of the middle two for an even count); 0 for none.
inline double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(values.size() / 2),
                   values.end());
  return values[values.size() / 2];
}

// The timings of one benchmark run several times in the same process, on the same input: the
// figure reported is the median run, and the fastest and slowest runs give the spread that
// this machine's noise put on it.
class Repetitions {
 public:
  void Add(double seconds, double peak_rss_mb) {
    if (seconds_.empty()) peak_rss_mb_ = peak_rss_mb;
    seconds_.push_back(seconds);
  }
  double MedianSeconds() const { return Median(seconds_); }

  // Report() with the median run's seconds, then `extra`, the number of runs and the slowest
  // and fastest runs' events/s. Peak RSS is the first run's: later runs start with what the
  // allocator kept of the earlier ones' memory, which ResetPeakRss cannot take out.
  void Report(const std::string& name, int64_t events,
              std::vector<std::pair<std::string, double>> extra = {}) const {
    const std::vector<double> sorted = Sorted();
    const auto rate = [&](double seconds) {
      return seconds > 0 ? std::round(static_cast<double>(events) / seconds) : 0.0;
    };
    extra.emplace_back("repetitions", static_cast<double>(sorted.size()));
    extra.emplace_back("events_per_s_min", rate(sorted.back()));
    extra.emplace_back("events_per_s_max", rate(sorted.front()));
    bench::Report(name, events, MedianSeconds(), extra, peak_rss_mb_);
  }

 private:
  std::vector<double> Sorted() const {
    std::vector<double> sorted = seconds_;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }
  std::vector<double> seconds_;
  double peak_rss_mb_ = 0;
};

// A fresh directory removed on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("arledger_bench_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string path(const std::string& child = "") const { return (path_ / child).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace arledger::bench
