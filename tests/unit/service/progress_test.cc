// Proves the progress line (service/progress.h) is drawn only when enabled: an enabled
// Progress draws the final figures (records, and the total when known) on stderr at the end,
// a disabled one — what ledgerctl makes when stderr is not a terminal — writes nothing at all;
// stderr redirected to a file is not a terminal. (tests/integration/auditor_binaries_test.cc
// runs ledgerctl with stderr on a pseudo-terminal and on a pipe.)
#include "service/progress.h"

#include <gtest/gtest.h>

namespace arledger {
namespace {

TEST(ProgressTest, EnabledDrawsTheFinalFiguresOnStderr) {
  ::testing::internal::CaptureStderr();
  {
    Progress progress("replay", 0, /*enabled=*/true);
    progress.set_total(2000);
    progress.Advance(1500);
    progress.Advance(500);
    EXPECT_EQ(progress.records_done(), 2000);
  }
  const std::string drawn = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(drawn.find("\rreplay: 2000 records of 2000 (100%)"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.back(), '\n');
}

TEST(ProgressTest, DisabledWritesNothing) {
  ::testing::internal::CaptureStderr();
  {
    Progress progress("replay", 10, /*enabled=*/false);
    progress.Advance(10);
    EXPECT_EQ(progress.records_done(), 10);
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(ProgressTest, StderrCapturedByAPipeIsNotATerminal) {
  ::testing::internal::CaptureStderr();  // Redirects fd 2 to a file.
  const bool terminal = Progress::StderrIsTerminal();
  ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(terminal);
}

}  // namespace
}  // namespace arledger
