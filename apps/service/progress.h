// Progress: one line on stderr, rewritten at most once a second, for long auditor runs (replay,
// verify, audit-chain, archive): records done, rate, and the time left when the total is known.
//
// Silent unless enabled — ledgerctl enables it when stderr is a terminal, so that logs and
// pipes never fill with carriage returns. When enabled, the destructor draws the final figures
// once more (so even a run shorter than a second shows them) and ends the line. Owned and
// driven by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace arledger {

class Progress {
 public:
  // `records_total` 0: unknown (no ETA is shown).
  Progress(std::string what, int64_t records_total, bool enabled);
  ~Progress();  // When enabled and anything was counted: the final line, then a newline.
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // True when stderr is a terminal.
  static bool StderrIsTerminal();

  void set_total(int64_t records_total) { records_total_ = records_total; }
  // Counts `records` more; draws the line if a second has passed since the last one.
  void Advance(int64_t records);
  int64_t records_done() const { return records_done_; }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kRedrawInterval{1000};

  void Draw(Clock::time_point now);

  const std::string what_;
  const bool enabled_;
  int64_t records_total_;
  int64_t records_done_ = 0;
  const Clock::time_point started_;
  Clock::time_point drawn_at_;
};

}  // namespace arledger
