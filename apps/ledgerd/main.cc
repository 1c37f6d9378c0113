// ledgerd: the arledger daemon — consume loop, HTTP/JSON API and metrics in one process.
//
// Configuration: `--config FILE` (TOML, documented in ops/ledgerd.example.toml), overridden by
// ARLEDGER_* environment variables, overridden by flags (service/config.h). A bad key or value
// stops the start with the key named. The effective configuration is logged, secrets redacted.
//
// SIGTERM or SIGINT stops the HTTP server, lets the consume loop finish its batch, and syncs
// the projection store, so everything applied so far is durable when the process exits.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "service/config.h"
#include "service/http_api.h"
#include "service/ledger_service.h"
#include "service/logging.h"

extern char** environ;

namespace {

constexpr int kExitUsage = 2;  // A bad command line or configuration.

// Flags that override config keys: flag name, config key, help.
struct OverrideFlag {
  const char* flag;
  const char* key;
  const char* help;
};
constexpr OverrideFlag kOverrideFlags[] = {
    {"--log", "log.spec", "Event log: journal:DIR or kafka:HOST:PORT,... (log.spec)"},
    {"--store", "store.directory", "Projection store directory (store.directory)"},
    {"--listen", "http.listen", "HTTP listen address HOST:PORT, port 0: ephemeral (http.listen)"},
    {"--journal-partitions", "log.journal_partitions",
     "Partitions of a newly created journal (log.journal_partitions)"},
    {"--log-level", "logging.level", "trace|debug|info|warn|error|critical|off (logging.level)"},
    {"--log-format", "logging.format", "json (one object per line) or text (logging.format)"},
};

std::map<std::string, std::string> ArledgerEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (!text.starts_with("ARLEDGER_") || equals == std::string_view::npos) continue;
    environment.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return environment;
}

arledger::Status ReadConfigFile(const std::string& path, arledger::ConfigInputs* inputs) {
  if (path.empty()) return arledger::Status::Ok();
  std::ifstream file(path);
  if (!file) return arledger::InvalidArgument("cannot read config file " + path);
  std::ostringstream text;
  text << file.rdbuf();
  inputs->toml_text = text.str();
  inputs->toml_name = path;
  if (inputs->toml_text.empty()) inputs->toml_text = "\n";  // An empty file is a valid one.
  return arledger::Status::Ok();
}

// For journal:DIR, creates DIR so that a first start needs no preparation.
void PrepareDirectories(const arledger::ServiceOptions& options) {
  std::filesystem::create_directories(options.store_directory);
  if (options.log_spec.rfind("journal:", 0) == 0) {
    std::filesystem::create_directories(options.log_spec.substr(8));
  }
}

// Serves until a signal, then stops the service. The exit code.
int Run(const arledger::LedgerdConfig& config) {
  // Signals are taken by a dedicated thread, so every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const arledger::ServiceOptions& options = config.service;
  PrepareDirectories(options);
  std::unique_ptr<arledger::LedgerService> service;
  arledger::Status status = arledger::LedgerService::Open(options, &service);
  if (status.ok()) status = service->Start();
  if (!status.ok()) {
    spdlog::error("cannot start: {}", status.ToString());
    return 1;
  }
  if (config.http.tokens == nullptr) {
    spdlog::warn(
        "no [auth] tokens_file configured: the HTTP API is open to anyone who can reach it, and "
        "commands are recorded as principal 'anonymous' with role admin");
  } else {
    spdlog::info("access control on: {} bearer tokens from auth.tokens_file",
                 config.http.tokens->size());
  }
  arledger::HttpApi api(service.get(), config.http);
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
  spdlog::info("ledgerd listening on {}:{} (log {}, store {})", config.http.host, api.port(),
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ledgerd: the arledger collections ledger daemon"};
  std::string config_path;
  app.add_option("--config", config_path, "TOML configuration file (ops/ledgerd.example.toml)");
  std::map<std::string, std::string> flag_values;
  std::vector<std::pair<CLI::Option*, const char*>> overrides;
  for (const OverrideFlag& flag : kOverrideFlags) {
    // The last one given wins, so that a wrapper's defaults (ops/run) can be overridden after.
    CLI::Option* option = app.add_option(flag.flag, flag_values[flag.key], flag.help)
                              ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    overrides.emplace_back(option, flag.key);
  }
  CLI11_PARSE(app, argc, argv);

  arledger::ConfigInputs inputs;
  inputs.environment = ArledgerEnvironment();
  for (const auto& [option, key] : overrides) {
    if (option->count() > 0) inputs.flags[key] = flag_values[key];
  }
  arledger::LedgerdConfig config;
  arledger::Status status = ReadConfigFile(config_path, &inputs);
  if (status.ok()) status = arledger::LoadConfig(inputs, &config);
  if (status.ok()) status = arledger::ConfigureLogging(config.logging);
  if (!status.ok()) {
    spdlog::error("configuration: {}", status.ToString());
    return kExitUsage;
  }
  for (const std::string& line : arledger::DescribeConfig(config)) spdlog::info("config {}", line);
  return Run(config);
}
