// ledgerctl backup: a consistent checkpoint of a store, taken by the running ledgerd
// (--server) or, for a stopped one, by ledgerctl itself (--store).
#include "service/backup.h"

#include <httplib.h>

#include <cstdio>
#include <filesystem>

#include "arledger/v1/admin.pb.h"
#include "ledgerctl/commands.h"
#include "ledgerctl/server_client.h"
#include "service/json.h"

namespace arledger::ctl {
namespace {

// A backup is a checkpoint plus a digest scan of the copy: minutes for a large store.
constexpr int kBackupAnswerTimeoutSeconds = 3600;

Status BackupThroughServer(const BackupArgs& args, const std::string& directory,
                           v1::BackupResponse* report) {
  std::unique_ptr<httplib::Client> connection;
  ARLEDGER_RETURN_IF_ERROR(OpenServerClient(args.server, &connection));
  httplib::Client& client = *connection;
  client.set_read_timeout(kBackupAnswerTimeoutSeconds, 0);
  v1::BackupRequest request;
  request.set_directory(directory);
  httplib::Result result = client.Post("/v1/admin/backup", ToJson(request), "application/json");
  if (!result) return Unavailable("cannot reach " + args.server);
  if (result->status != 200) {
    return FailedPrecondition("server answered " + std::to_string(result->status) + ": " +
                              result->body);
  }
  return ParseJson(result->body, report);
}

// A stopped ledgerd's store: opened for writing, so that a running one is refused (its lock).
Status BackupStoppedStore(const BackupArgs& args, const std::string& directory,
                          v1::BackupResponse* report) {
  StoreOptions options;
  options.create_if_missing = false;
  std::unique_ptr<Store> store;
  Status opened = Store::Open(args.store_directory, options, &store);
  if (!opened.ok()) {
    return FailedPrecondition(opened.message() +
                              " (a running ledgerd holds its store: use --server URL)");
  }
  return BackupStore(*store, directory, report);
}

}  // namespace

Status Backup(const BackupArgs& args, const CommonFlags& common) {
  if (args.store_directory.empty() == args.server.empty()) {
    return InvalidArgument("give exactly one of --server and --store");
  }
  // On the server's machine; relative to here when given relative.
  const std::string directory = std::filesystem::absolute(args.to).lexically_normal().string();
  v1::BackupResponse report;
  ARLEDGER_RETURN_IF_ERROR(args.server.empty() ? BackupStoppedStore(args, directory, &report)
                                               : BackupThroughServer(args, directory, &report));
  if (common.json) {
    std::printf("%s\n", ToJson(report).c_str());
    return Status::Ok();
  }
  std::printf("backup %s: %lld record(s), projection version %d, %.2f s\ndigest %s\noffsets",
              report.directory().c_str(), static_cast<long long>(report.records()),
              report.projection_version(), report.seconds(), report.digest().c_str());
  for (int64_t offset : report.next_offsets()) std::printf(" %lld", static_cast<long long>(offset));
  std::printf("\nrestore: copy it, then start ledgerd --store COPY on the same log\n");
  return Status::Ok();
}

}  // namespace arledger::ctl
