// ChildProcess: a binary under test (ledgerd, ledgerctl) run as a child process, its stdout and
// stderr read by the test — for tests that use the shipped binaries as an operator would.
//
// By default stderr goes to the same pipe as stdout. With StderrTo::kTerminal, stderr is the
// slave side of a fresh pseudo-terminal instead (so isatty(2) is true in the child), and what
// the child writes there is collected by a reader thread; stdout stays a pipe.
// The destructor kills (SIGKILL) and reaps a child still running. One thread drives a
// ChildProcess.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace arledger::testing {

class ChildProcess {
 public:
  enum class StderrTo { kStdout, kTerminal };

  // argv[0] is the binary's path. Fails the current test when the child cannot be started.
  explicit ChildProcess(std::vector<std::string> argv, StderrTo stderr_to = StderrTo::kStdout);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads output until a line matches `pattern` (at most `lines_max` lines); returns the
  // match's group 1, or "" when no line matched.
  std::string WaitForLine(const std::regex& pattern, int lines_max = 200);
  // Reads the output to its end (the child closed it) and returns all of it.
  std::string ReadAll();
  // Waits for the child to end: its exit status, or 128 + the signal that ended it.
  int Wait();
  void Signal(int signal);
  const std::string& output() const { return output_; }
  // With StderrTo::kTerminal, after Wait(): everything written to the terminal.
  std::string TerminalOutput();

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string output_;
  int terminal_ = -1;  // The pseudo-terminal's master side, when stderr is a terminal.
  std::thread terminal_reader_;
  std::string terminal_output_;
};

}  // namespace arledger::testing
