// ChildProcess: posix_spawn with a pipe for stdout (and stderr, or a pseudo-terminal for it).
#include "tests/support/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>

extern char** environ;

namespace arledger::testing {
namespace {

constexpr size_t kReadChunkBytes = 4096;

// Opens a pseudo-terminal: `master` for the parent, `slave` to hand to the child.
bool OpenTerminal(int* master, int* slave) {
  *master = posix_openpt(O_RDWR | O_NOCTTY);
  if (*master < 0) return false;
  const char* name = nullptr;
  if (grantpt(*master) != 0 || unlockpt(*master) != 0 || (name = ptsname(*master)) == nullptr) {
    return false;
  }
  *slave = open(name, O_RDWR | O_NOCTTY);
  return *slave >= 0;
}

}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, StderrTo stderr_to) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  int slave = -1;
  if (stderr_to == StderrTo::kTerminal) {
    EXPECT_TRUE(OpenTerminal(&terminal_, &slave));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, slave >= 0 ? slave : fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  if (terminal_ >= 0) posix_spawn_file_actions_addclose(&actions, terminal_);
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  EXPECT_EQ(posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (slave >= 0) close(slave);
  out_ = fdopen(fds[0], "r");
  if (terminal_ >= 0) {
    // Drained while the child runs, so a full terminal buffer never blocks it; read() fails
    // with EIO once the child has closed the slave side and everything has been read.
    terminal_reader_ = std::thread([this] {
      std::array<char, kReadChunkBytes> buffer{};
      ssize_t n;
      while ((n = read(terminal_, buffer.data(), buffer.size())) > 0) {
        terminal_output_.append(buffer.data(), static_cast<size_t>(n));
      }
    });
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (terminal_reader_.joinable()) terminal_reader_.join();
  if (terminal_ >= 0) close(terminal_);
  if (out_) fclose(out_);
}

std::string ChildProcess::WaitForLine(const std::regex& pattern, int lines_max) {
  std::array<char, kReadChunkBytes> line{};
  for (int i = 0; i < lines_max && fgets(line.data(), line.size(), out_); ++i) {
    output_ += line.data();
    std::cmatch match;
    if (std::regex_search(line.data(), match, pattern)) return match[1].str();
  }
  return "";
}

std::string ChildProcess::ReadAll() {
  std::array<char, kReadChunkBytes> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), out_)) > 0) output_.append(buffer.data(), n);
  return output_;
}

int ChildProcess::Wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ChildProcess::Signal(int signal) { kill(pid_, signal); }

std::string ChildProcess::TerminalOutput() {
  if (terminal_reader_.joinable()) terminal_reader_.join();
  return terminal_output_;
}

}  // namespace arledger::testing
