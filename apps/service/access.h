// Access control for ledgerd's HTTP API: who is calling (bearer tokens) and what they may do.
//
// Tokens live in a tokens file named by `auth.tokens_file` in the [auth] table of the config.
// The file never holds a token itself, only its SHA-256: one line per token,
//   <64 hex digits of SHA-256(token)> <principal_id> <role>
// with blank lines and lines starting with '#' ignored. Roles: collector, team_leader,
// finance, billing, auditor, admin. A TokenTable is immutable once parsed and safe to share
// between threads; nothing here is durable or logged (a token is only ever hashed).
//
// Every route states its roles in one table (RouteAccessTable in access_routes.h), checked
// before routing: no or unknown token -> 401, a role not allowed -> 403. With no tokens file
// the API runs open and every caller is kOpenCaller.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace arledger {

enum class Role : uint8_t { kCollector, kTeamLeader, kFinance, kBilling, kAuditor, kAdmin };
inline constexpr int kRoleCount = 6;

// "collector", "team_leader", ... as written in tokens files and in Principal.role.
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view name);

// A set of roles, as a bit mask.
class Roles {
 public:
  constexpr Roles() = default;
  constexpr Roles(std::initializer_list<Role> roles) {
    for (Role role : roles) bits_ |= Bit(role);
  }
  static constexpr Roles All() {
    return {Role::kCollector, Role::kTeamLeader, Role::kFinance,
            Role::kBilling,   Role::kAuditor,    Role::kAdmin};
  }
  constexpr bool Has(Role role) const { return (bits_ & Bit(role)) != 0; }
  // "collector, team_leader" for messages and documentation.
  std::string Describe() const;

 private:
  static constexpr uint32_t Bit(Role role) { return uint32_t{1} << static_cast<uint32_t>(role); }
  uint32_t bits_ = 0;
};

// Who is calling: the principal and the role it acts under.
struct Caller {
  std::string principal_id;
  Role role = Role::kAdmin;
};

// The caller of every request when no tokens file is configured.
inline const Caller kOpenCaller{"anonymous", Role::kAdmin};

inline constexpr size_t kTokensFileBytesMax = 1u << 20;
inline constexpr size_t kTokensMax = 10000;

class TokenTable {
 public:
  // Parses a tokens file's text; InvalidArgument naming `source` and the line on any error.
  static Status Parse(std::string_view text, const std::string& source, TokenTable* table);
  // Reads and parses the file at `path` (bounded by kTokensFileBytesMax).
  static Status Load(const std::string& path, TokenTable* table);

  // The caller a bearer token stands for, or nullptr when the token is unknown.
  const Caller* Find(std::string_view token) const;
  size_t size() const { return callers_.size(); }

 private:
  std::map<std::string, Caller> callers_;  // By lower-case hex SHA-256 of the token.
};

// The bearer token of an "Authorization: Bearer <token>" header value, or NotFound /
// Unauthenticated with the reason.
Result<std::string> BearerToken(std::string_view authorization);

}  // namespace arledger
