// Shared by the benchmarks: wall-clock timing, peak RSS, JSON-lines output, scratch dirs.
//
// Peak RSS is the kernel's high-water mark (VmHWM), which ResetPeakRss() lowers to the current
// resident size (Linux >= 4.0, /proc/self/clear_refs): a benchmark resets it after preparing its
// input, so the peak it reports is the one reached while the measured work ran (plus whatever
// input was still resident). Not thread-safe; the benchmarks run on one thread.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
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
  for (const auto& [key, value] : extra) std::printf(", \"%s\": %.4g", key.c_str(), value);
  std::printf(", \"peak_rss_mb\": %.1f}\n", peak_rss_mb >= 0 ? peak_rss_mb : PeakRssMb());
  std::fflush(stdout);
}

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
