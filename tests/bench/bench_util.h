// Shared by the benchmarks: wall-clock timing, peak RSS, JSON-lines output, scratch dirs.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace arledger::bench {

inline double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux.
}

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Prints one JSON object on one line: name, events, seconds, events_per_s, extra fields, RSS.
inline void Report(const std::string& name, int64_t events, double seconds,
                   const std::vector<std::pair<std::string, double>>& extra = {}) {
  std::printf("{\"name\": \"%s\", \"events\": %lld, \"seconds\": %.4f, \"events_per_s\": %.0f",
              name.c_str(), static_cast<long long>(events), seconds,
              seconds > 0 ? static_cast<double>(events) / seconds : 0.0);
  for (const auto& [key, value] : extra) std::printf(", \"%s\": %.4g", key.c_str(), value);
  std::printf(", \"peak_rss_mb\": %.1f}\n", PeakRssMb());
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
