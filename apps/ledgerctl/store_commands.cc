// ledgerctl account / replay / digest: commands that read a store or rebuild one.
#include <httplib.h>

#include <cstdio>

#include "arledger/v1/api.pb.h"
#include "ledgerctl/commands.h"
#include "ledgerctl/output.h"
#include "ledgerctl/server_client.h"
#include "projections/account_queries.h"
#include "service/http_util.h"
#include "service/json.h"
#include "service/progress.h"
#include "service/replay.h"

namespace arledger::ctl {
namespace {

Status AccountFromServer(const AccountArgs& args, Date as_of, v1::AccountView* view) {
  std::unique_ptr<httplib::Client> connection;
  ARLEDGER_RETURN_IF_ERROR(OpenServerClient(args.server, &connection));
  httplib::Client& client = *connection;
  const std::string path = "/v1/accounts/" + httplib::detail::encode_query_param(args.account_id) +
                           "?as_of=" + as_of.ToString();
  httplib::Result result = client.Get(path.c_str());
  if (!result) return Unavailable("cannot reach " + args.server);
  if (result->status == 404) return NotFound("account '" + args.account_id + "' has no events");
  if (result->status != 200) {
    return FailedPrecondition("server answered " + std::to_string(result->status) + ": " +
                              result->body);
  }
  return ParseJson(result->body, view);
}

void PrintDigest(const StoreDigest& digest) {
  for (int model = 0; model < kReadModelCount; ++model) {
    std::printf("  %-9s %s\n", std::string(ReadModelName(static_cast<ReadModel>(model))).c_str(),
                digest.per_model_hex[model].c_str());
  }
}

std::string DigestJson(const StoreDigest& digest) {
  std::string json = "{\"digest\": \"" + digest.combined_hex + "\", \"read_models\": {";
  for (int model = 0; model < kReadModelCount; ++model) {
    if (model > 0) json += ", ";
    json += "\"" + std::string(ReadModelName(static_cast<ReadModel>(model))) + "\": \"" +
            digest.per_model_hex[model] + "\"";
  }
  return json + "}";
}

}  // namespace

Status Account(const AccountArgs& args, const CommonFlags& common) {
  if (args.store_directory.empty() == args.server.empty()) {
    return InvalidArgument("give exactly one of --store and --server");
  }
  Date as_of = http::TodayUtc();
  if (!args.as_of.empty()) {
    Result<Date> parsed = Date::Parse(args.as_of);
    if (!parsed.ok()) return InvalidArgument("--as-of: " + parsed.status().message());
    as_of = *parsed;
  }
  v1::AccountView view;
  if (!args.server.empty()) {
    ARLEDGER_RETURN_IF_ERROR(AccountFromServer(args, as_of, &view));
  } else {
    StoreOptions options;
    options.read_only = true;
    std::unique_ptr<Store> store;
    ARLEDGER_RETURN_IF_ERROR(Store::Open(args.store_directory, options, &store));
    ARLEDGER_RETURN_IF_ERROR(
        QueryAccountView(*store, args.account_id, as_of, AgingConfig(), &view));
  }
  if (common.json) {
    std::printf("%s\n", ToJson(view).c_str());
  } else {
    PrintAccountView(view);
  }
  return Status::Ok();
}

Status Replay(const ReplayArgs& args, const CommonFlags& common) {
  std::unique_ptr<EventLog> log;
  EventLogOptions log_options;
  log_options.read_only = true;  // A journal: a point-in-time view, even beside ledgerd.
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.log_spec, kEventsTopic, log_options, &log));
  ReplayReport report;
  {
    Progress progress("replay", 0, Progress::StderrIsTerminal());
    ReplayOptions options;
    options.progress = &progress;
    if (args.shards != 0) options.shards = args.shards;
    ARLEDGER_RETURN_IF_ERROR(ReplayInto(log.get(), args.store_directory, options, &report));
  }  // The progress line ends before the report.
  const double rate = report.seconds > 0 ? static_cast<double>(report.records) / report.seconds : 0;
  if (common.json) {
    std::string json = DigestJson(report.digest);
    json.pop_back();  // Reopen the object to add the run's figures.
    std::printf(
        "%s, \"records\": %lld, \"passes\": %zu, \"slices_max\": %zu, \"seconds\": %.3f, "
        "\"records_per_s\": %.0f}\n",
        json.c_str(), static_cast<long long>(report.records), report.passes, report.slices_max,
        report.seconds, rate);
  } else {
    std::printf(
        "replayed %lld record(s) in %zu pass(es) (at most %zu slice(s) of a partition group), "
        "%.2f s (%.0f/s) into %s\ndigest %s\n",
        static_cast<long long>(report.records), report.passes, report.slices_max, report.seconds,
        rate, args.store_directory.c_str(), report.digest.combined_hex.c_str());
    PrintDigest(report.digest);
  }
  return Status::Ok();
}

Status Digest(const std::string& store_directory, const CommonFlags& common) {
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(store_directory, options, &store));
  StoreDigest digest;
  ARLEDGER_RETURN_IF_ERROR(store->ComputeDigest(&digest));
  if (common.json) {
    std::printf("%s\n", DigestJson(digest).c_str());
  } else {
    std::printf("digest %s\n", digest.combined_hex.c_str());
    PrintDigest(digest);
  }
  return Status::Ok();
}

}  // namespace arledger::ctl
