// LoggedChild: a test's child process (ledgerd, ledgerctl) whose stdout and stderr go to a
// file, so that a long-running child never blocks on a full pipe and a test can read what it
// logged at any moment — including after the test killed it.
//
// Ownership: the LoggedChild owns the process; destroying it SIGKILLs and reaps a child still
// running. The output file is the caller's (usually inside a TempDir).
// Thread-safety: one thread drives a LoggedChild; pid() may be read from any thread.
#pragma once

#include <sys/types.h>

#include <regex>
#include <string>
#include <vector>

namespace arledger::testing {

class LoggedChild {
 public:
  // Starts argv[0] (a path) with `argv`, stdout and stderr appended to `output_path`.
  // started() is false if posix_spawn failed.
  LoggedChild(std::vector<std::string> argv, std::string output_path);
  ~LoggedChild();
  LoggedChild(const LoggedChild&) = delete;
  LoggedChild& operator=(const LoggedChild&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Polls the output file until a line matches `pattern` (returns its group 1, or the whole
  // match when the pattern has no group), the child exits, or `timeout_ms` passes ("" then).
  std::string WaitForOutput(const std::regex& pattern, int timeout_ms);

  void Signal(int signal_number);
  // Reaps the child, waiting at most `timeout_ms` (then SIGKILLs it). The exit code, or
  // 128 + the signal that ended it.
  int Wait(int timeout_ms);
  // Everything the child wrote so far.
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string output_path_;
};

// The whole of a short-lived child's run: its exit code and output.
struct ChildRun {
  int exit_code = -1;
  std::string output;
};
ChildRun RunChild(std::vector<std::string> argv, const std::string& output_path, int timeout_ms);

}  // namespace arledger::testing
