// ServerClient: the HTTP client ledgerctl uses for --server / --to http:// targets, carrying the
// caller's bearer token when ledgerd runs with [auth] tokens.
//
// The token comes from the environment only — ARLEDGER_TOKEN, or ARLEDGER_TOKEN_FILE naming a
// file whose first line is the token — never from a flag, so it stays out of shell history and
// process listings. It is never printed. Without either variable no Authorization header is
// sent (a ledgerd without [auth] runs open).
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "core/status.h"

namespace arledger::ctl {

// A client for `url` (http://HOST:PORT) with the bearer token set when one is configured;
// InvalidArgument when ARLEDGER_TOKEN_FILE names a file that cannot be read or is empty.
Status OpenServerClient(const std::string& url, std::unique_ptr<httplib::Client>* client);

}  // namespace arledger::ctl
