// ledgerd: the arledger daemon — consume loop, HTTP/JSON API and metrics in one process.
//
// SIGTERM or SIGINT stops the HTTP server, lets the consume loop finish its batch, and syncs
// the projection store, so everything applied so far is durable when the process exits.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "service/http_api.h"
#include "service/ledger_service.h"

namespace {

arledger::Status SplitListen(const std::string& listen, arledger::HttpOptions* http) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return arledger::InvalidArgument("--listen wants HOST:PORT");
  http->host = listen.substr(0, colon);
  char* end = nullptr;
  const long port = std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) {
    return arledger::InvalidArgument("--listen: bad port in '" + listen + "'");
  }
  http->port = static_cast<int>(port);
  return arledger::Status::Ok();
}

// For journal:DIR, creates DIR so that a first start needs no preparation.
void PrepareDirectories(const arledger::ServiceOptions& options) {
  std::filesystem::create_directories(options.store_directory);
  if (options.log_spec.rfind("journal:", 0) == 0) {
    std::filesystem::create_directories(options.log_spec.substr(8));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ledgerd: the arledger collections ledger daemon"};
  arledger::ServiceOptions options;
  options.log_spec = "journal:./var/journal";
  options.store_directory = "./var/store";
  std::string listen = "127.0.0.1:8080";
  app.add_option("--log", options.log_spec, "Event log: journal:DIR or kafka:BROKERS")
      ->capture_default_str();
  app.add_option("--store", options.store_directory, "Projection store directory")
      ->capture_default_str();
  app.add_option("--listen", listen, "HTTP listen address HOST:PORT (port 0: ephemeral)")
      ->capture_default_str();
  app.add_option("--journal-partitions", options.log_options.journal_partitions,
                 "Partitions of a newly created journal")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  arledger::HttpOptions http;
  if (arledger::Status status = SplitListen(listen, &http); !status.ok()) {
    spdlog::error("{}", status.ToString());
    return 2;
  }
  // Signals are taken by a dedicated thread, so every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  PrepareDirectories(options);
  std::unique_ptr<arledger::LedgerService> service;
  arledger::Status status = arledger::LedgerService::Open(options, &service);
  if (status.ok()) status = service->Start();
  if (!status.ok()) {
    spdlog::error("cannot start: {}", status.ToString());
    return 1;
  }
  arledger::HttpApi api(service.get(), http);
  if (status = api.Bind(); !status.ok()) {
    spdlog::error("{}", status.ToString());
    return 1;
  }
  std::thread signal_thread([&] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("signal {}: shutting down", received);
    api.Stop();
  });
  spdlog::info("ledgerd listening on {}:{} (log {}, store {})", http.host, api.port(),
               options.log_spec, options.store_directory);
  status = api.Serve();
  if (signal_thread.joinable()) {
    pthread_kill(signal_thread.native_handle(), SIGTERM);  // Wakes sigwait if serve ended first.
    signal_thread.join();
  }
  arledger::Status stopped = service->Stop();
  if (!stopped.ok()) spdlog::error("stopping: {}", stopped.ToString());
  if (!service->loop_status().ok()) {
    spdlog::error("consume loop stopped: {}", service->loop_status().ToString());
    return 1;
  }
  spdlog::info("stopped; store synced");
  return status.ok() && stopped.ok() ? 0 : 1;
}
