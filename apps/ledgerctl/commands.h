// ledgerctl's commands, one function each; main.cc only parses flags.
#pragma once

#include <string>

#include "core/status.h"

namespace arledger::ctl {

struct CommonFlags {
  bool json = false;
};

struct PublishArgs {
  std::string file;
  std::string target;
  size_t batch_events = 1000;
};

struct AccountArgs {
  std::string account_id;
  std::string store_directory;
  std::string server;
  std::string as_of;
};

struct ReplayArgs {
  std::string log_spec;
  std::string store_directory;
};

struct VerifyArgs {
  std::string log_spec;
  std::string store_directory;
};

Status Publish(const PublishArgs& args, const CommonFlags& common);
Status Account(const AccountArgs& args, const CommonFlags& common);
Status Replay(const ReplayArgs& args, const CommonFlags& common);
Status Digest(const std::string& store_directory, const CommonFlags& common);
// Exit status: OK when every read model matches a rebuild from the log; kFailedPrecondition
// (exit 1) when one differs, after printing where.
Status Verify(const VerifyArgs& args, const CommonFlags& common);

}  // namespace arledger::ctl
