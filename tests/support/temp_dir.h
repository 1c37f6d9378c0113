// TempDir: a fresh directory under the system temp dir, removed with everything in it when the
// TempDir is destroyed. For tests that need a journal or a projection store on disk.
// Not thread-safe to destroy while others still use the directory.
#pragma once

#include <string>

namespace arledger::testing {

class TempDir {
 public:
  TempDir();  // Aborts the test binary if no directory can be created.
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace arledger::testing
