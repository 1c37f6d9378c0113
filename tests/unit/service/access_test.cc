// Bearer tokens and roles: proves that a tokens file maps the SHA-256 of a token (never the
// token) to its principal and role, that every malformed line is refused with the line named,
// that only "Bearer <token>" headers yield a token, and that role sets admit exactly their
// members.
#include "service/access.h"

#include <gtest/gtest.h>

#include "core/sha256.h"

namespace arledger {
namespace {

std::string Line(const std::string& token, const std::string& rest) {
  return ToHex(Sha256::Of(token)) + " " + rest + "\n";
}

TEST(AccessTest, TokensFileMapsTokenHashesToPrincipalAndRole) {
  TokenTable table;
  const std::string text = "# comment\n\n" + Line("s3cret-1", "alice collector") +
                           Line("s3cret-2", "  lena\tteam_leader  ");
  ASSERT_TRUE(TokenTable::Parse(text, "tokens", &table).ok());
  EXPECT_EQ(table.size(), 2u);
  const Caller* alice = table.Find("s3cret-1");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->principal_id, "alice");
  EXPECT_EQ(alice->role, Role::kCollector);
  const Caller* lena = table.Find("s3cret-2");
  ASSERT_NE(lena, nullptr);
  EXPECT_EQ(lena->role, Role::kTeamLeader);
  EXPECT_EQ(table.Find("s3cret-3"), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
  // The hash itself is not a token.
  EXPECT_EQ(table.Find(ToHex(Sha256::Of("s3cret-1"))), nullptr);
}

TEST(AccessTest, MalformedTokensFilesAreRefusedWithTheLine) {
  const std::string hash = ToHex(Sha256::Of("t"));
  const std::pair<std::string, std::string> cases[] = {
      {"plain-token alice collector\n", "line 1"},
      {"# ok\n" + hash + " alice\n", "line 2"},
      {hash + " alice intern\n", "not a role"},
      {hash + " alice collector extra\n", "line 1"},
      {hash + " alice collector\n" + hash + " bob collector\n", "twice"},
      {std::string(64, 'A') + " alice collector\n", "lower-case hex"},
  };
  for (const auto& [text, expected] : cases) {
    TokenTable table;
    const Status status = TokenTable::Parse(text, "tokens", &table);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(status.message().find(expected), std::string::npos) << status.message();
  }
}

TEST(AccessTest, OnlyABearerHeaderYieldsAToken) {
  Result<std::string> token = BearerToken("Bearer abc.def");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(*token, "abc.def");
  for (const char* bad : {"", "Basic dXNlcjpwYXNz", "Bearer ", "bearer abc"}) {
    Result<std::string> refused = BearerToken(bad);
    EXPECT_FALSE(refused.ok()) << bad;
    if (!refused.ok()) {
      EXPECT_EQ(refused.status().code(), StatusCode::kUnauthenticated);
    }
  }
}

TEST(AccessTest, RoleSetsAdmitExactlyTheirMembers) {
  const Roles deciders{Role::kTeamLeader, Role::kFinance};
  EXPECT_TRUE(deciders.Has(Role::kTeamLeader));
  EXPECT_TRUE(deciders.Has(Role::kFinance));
  EXPECT_FALSE(deciders.Has(Role::kCollector));
  EXPECT_FALSE(deciders.Has(Role::kAdmin));
  EXPECT_EQ(deciders.Describe(), "team_leader, finance");
  for (int i = 0; i < kRoleCount; ++i) {
    const Role role = static_cast<Role>(i);
    EXPECT_TRUE(Roles::All().Has(role));
    Result<Role> parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_FALSE(ParseRole("system").ok());
}

}  // namespace
}  // namespace arledger
