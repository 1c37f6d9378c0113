// LoggedChild: posix_spawn with output to a file, bounded waits by polling.
#include "tests/support/logged_child.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace arledger::testing {
namespace {

constexpr int kPollIntervalMs = 5;

bool Reap(pid_t pid, bool block, int* exit_code) {
  int status = 0;
  const pid_t reaped = waitpid(pid, &status, block ? 0 : WNOHANG);
  if (reaped != pid) return false;
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

}  // namespace

LoggedChild::LoggedChild(std::vector<std::string> argv, std::string output_path)
    : output_path_(std::move(output_path)) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (std::string& argument : argv) args.push_back(argument.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0) pid_ = pid;
  posix_spawn_file_actions_destroy(&actions);
}

LoggedChild::~LoggedChild() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    Reap(pid_, /*block=*/true, &exit_code_);
  }
}

std::string LoggedChild::Output() const {
  std::ifstream file(output_path_);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string LoggedChild::WaitForOutput(const std::regex& pattern, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    const bool exited = pid_ <= 0 || Reap(pid_, /*block=*/false, &exit_code_);
    if (exited) pid_ = -1;
    std::smatch match;
    const std::string output = Output();
    if (std::regex_search(output, match, pattern)) {
      return match.size() > 1 ? match[1].str() : match[0].str();
    }
    if (exited || std::chrono::steady_clock::now() >= deadline) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollIntervalMs));
  }
}

void LoggedChild::Signal(int signal_number) {
  if (pid_ > 0) kill(pid_, signal_number);
}

int LoggedChild::Wait(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (pid_ > 0) {
    if (Reap(pid_, /*block=*/false, &exit_code_)) {
      pid_ = -1;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      Reap(pid_, /*block=*/true, &exit_code_);
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollIntervalMs));
  }
  return exit_code_;
}

ChildRun RunChild(std::vector<std::string> argv, const std::string& output_path, int timeout_ms) {
  LoggedChild child(std::move(argv), output_path);
  ChildRun run;
  if (!child.started()) return run;
  run.exit_code = child.Wait(timeout_ms);
  run.output = child.Output();
  return run;
}

}  // namespace arledger::testing
