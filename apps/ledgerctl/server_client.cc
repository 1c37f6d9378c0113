#include "ledgerctl/server_client.h"

#include <cstdlib>
#include <fstream>

namespace arledger::ctl {
namespace {

// The token from the environment: "" when none is configured.
Result<std::string> TokenFromEnvironment() {
  if (const char* token = std::getenv("ARLEDGER_TOKEN"); token != nullptr && *token != '\0') {
    return std::string(token);
  }
  const char* path = std::getenv("ARLEDGER_TOKEN_FILE");
  if (path == nullptr || *path == '\0') return std::string();
  std::ifstream file(path);
  std::string token;
  if (!file || !std::getline(file, token)) {
    return InvalidArgument("ARLEDGER_TOKEN_FILE: cannot read a token from " + std::string(path));
  }
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return InvalidArgument("ARLEDGER_TOKEN_FILE: the first line is empty");
  return token;
}

}  // namespace

Status OpenServerClient(const std::string& url, std::unique_ptr<httplib::Client>* client) {
  Result<std::string> token = TokenFromEnvironment();
  if (!token.ok()) return token.status();
  *client = std::make_unique<httplib::Client>(url);
  if (!token->empty()) (*client)->set_bearer_token_auth(*token);
  return Status::Ok();
}

}  // namespace arledger::ctl
