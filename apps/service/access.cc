// Roles, bearer tokens and the tokens file.
#include "service/access.h"

#include <fstream>
#include <vector>

#include "core/sha256.h"

namespace arledger {
namespace {

constexpr std::string_view kRoleNames[kRoleCount] = {"collector", "team_leader", "finance",
                                                     "billing",   "auditor",     "admin"};
constexpr size_t kTokenHashHexChars = 64;
constexpr size_t kTokenBytesMax = 4096;  // A token, not a document.
constexpr std::string_view kBearerPrefix = "Bearer ";

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Splits `line` at runs of spaces and tabs into at most `max` words (one more means too many).
std::vector<std::string_view> Words(std::string_view line, size_t max) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (words.size() <= max) {
    start = line.find_first_not_of(" \t\r", start);
    if (start == std::string_view::npos) break;
    size_t end = line.find_first_of(" \t\r", start);
    if (end == std::string_view::npos) end = line.size();
    words.push_back(line.substr(start, end - start));
    start = end;
  }
  return words;
}

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<int>(role)]; }

Result<Role> ParseRole(std::string_view name) {
  for (int i = 0; i < kRoleCount; ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return InvalidArgument("'" + std::string(name) +
                         "' is not a role (collector, team_leader, finance, billing, auditor, "
                         "admin)");
}

std::string Roles::Describe() const {
  std::string text;
  for (int i = 0; i < kRoleCount; ++i) {
    if (!Has(static_cast<Role>(i))) continue;
    if (!text.empty()) text += ", ";
    text += kRoleNames[i];
  }
  return text;
}

Status TokenTable::Parse(std::string_view text, const std::string& source, TokenTable* table) {
  TokenTable parsed;
  size_t line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const std::vector<std::string_view> words = Words(line, 3);
    if (words.empty() || words[0].starts_with("#")) continue;
    const std::string where = source + " line " + std::to_string(line_number) + ": ";
    if (words.size() != 3) {
      return InvalidArgument(where + "expected '<sha256 hex of the token> <principal_id> <role>'");
    }
    if (words[0].size() != kTokenHashHexChars || !IsLowerHex(words[0])) {
      return InvalidArgument(where +
                             "the first word must be 64 lower-case hex digits (the "
                             "SHA-256 of the token, never the token itself)");
    }
    Result<Role> role = ParseRole(words[2]);
    if (!role.ok()) return InvalidArgument(where + role.status().message());
    if (parsed.callers_.size() >= kTokensMax) {
      return InvalidArgument(where + "more than " + std::to_string(kTokensMax) + " tokens");
    }
    const bool inserted =
        parsed.callers_.emplace(std::string(words[0]), Caller{std::string(words[1]), *role}).second;
    if (!inserted) return InvalidArgument(where + "the same token hash appears twice");
  }
  *table = std::move(parsed);
  return Status::Ok();
}

Status TokenTable::Load(const std::string& path, TokenTable* table) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return InvalidArgument("cannot read tokens file " + path);
  std::string text(kTokensFileBytesMax + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  if (text.size() > kTokensFileBytesMax) {
    return InvalidArgument("tokens file " + path + " is larger than " +
                           std::to_string(kTokensFileBytesMax) + " bytes");
  }
  ARLEDGER_RETURN_IF_ERROR(Parse(text, path, table));
  if (table->size() == 0) return InvalidArgument("tokens file " + path + " holds no token");
  return Status::Ok();
}

const Caller* TokenTable::Find(std::string_view token) const {
  if (token.empty() || token.size() > kTokenBytesMax) return nullptr;
  const auto found = callers_.find(ToHex(Sha256::Of(token)));
  return found == callers_.end() ? nullptr : &found->second;
}

Result<std::string> BearerToken(std::string_view authorization) {
  if (authorization.empty()) {
    return Unauthenticated("no credentials: send 'Authorization: Bearer <token>'");
  }
  if (!authorization.starts_with(kBearerPrefix)) {
    return Unauthenticated("the Authorization header is not 'Bearer <token>'");
  }
  std::string_view token = authorization.substr(kBearerPrefix.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return Unauthenticated("the bearer token is empty");
  return std::string(token);
}

}  // namespace arledger
