// The `factura` program: the server (from issue 4) and the operator subcommands, each a thin
// wrapper over a tested library function (tools/operator_commands.h).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

#include "api/config.h"
#include "tools/operator_commands.h"
#include "tools/serve_command.h"

int main(int argc, char** argv) {
  using namespace factura::tools;
  CLI::App app{"Factura: event-sourced invoicing backend"};
  app.set_version_flag("--version", "factura 0.1.0");
  app.require_subcommand(1);
  const char* env_data_dir = std::getenv("FACTURA_DATA_DIR");
  std::string data_dir = env_data_dir != nullptr ? env_data_dir : "./data";
  app.add_option("--data-dir", data_dir, "Data directory (env FACTURA_DATA_DIR)")
      ->capture_default_str();
  int exit_code = kExitOk;

  CLI::App* audit = app.add_subcommand("audit", "Check the event log")->require_subcommand(1);
  audit->add_subcommand("verify", "Recompute the hash chain; exit 1 naming the first bad position")
      ->callback([&] { exit_code = RunAuditVerify(data_dir); });

  CLI::App* events =
      app.add_subcommand("events", "Export and import the event log")->require_subcommand(1);
  uint64_t from_position = 1;
  std::optional<std::string> stream_id;
  std::string output = "-";
  CLI::App* export_command = events->add_subcommand("export", "Write events as NDJSON");
  export_command->add_option("--from", from_position, "First position")->capture_default_str();
  export_command->add_option("--stream", stream_id, "Only this stream's events");
  export_command->add_option("--output,-o", output, "File, or - for standard output")
      ->capture_default_str();
  export_command->callback(
      [&] { exit_code = RunEventsExport(data_dir, from_position, stream_id, output); });
  std::string input = "-";
  CLI::App* import_command =
      events->add_subcommand("import", "Restore an export into an empty store");
  import_command->add_option("--input,-i", input, "File, or - for standard input")
      ->capture_default_str();
  import_command->callback([&] { exit_code = RunEventsImport(data_dir, input); });

  app.add_subcommand("replay", "Rebuild the read models from the log (server stopped)")
      ->callback([&] { exit_code = RunReplay(data_dir); });

  CLI::App* stream = app.add_subcommand("stream", "Inspect streams")->require_subcommand(1);
  std::string show_id;
  CLI::App* show = stream->add_subcommand("show", "Print a stream's history");
  show->add_option("stream_id", show_id, "Stream id")->required();
  show->callback([&] { exit_code = RunStreamShow(data_dir, show_id); });

  CLI::App* keys =
      app.add_subcommand("keys", "Manage API keys offline (server stopped)")->require_subcommand(1);
  std::string key_org, key_new_org, key_name = "API key";
  std::vector<std::string> key_scopes;
  CLI::App* create_key = keys->add_subcommand("create", "Create an API key and print it once");
  auto* org_option = create_key->add_option("--org", key_org, "Organization id");
  auto* new_org_option =
      create_key->add_option("--new-org", key_new_org, "Create an organization with this name");
  org_option->excludes(new_org_option);
  create_key->add_option("--scopes", key_scopes, "Scopes, comma-separated")
      ->delimiter(',')
      ->required();
  create_key->add_option("--name", key_name, "A name to tell the key apart")->capture_default_str();
  std::optional<int64_t> key_rate_limit;
  create_key->add_option("--rate-limit-per-minute", key_rate_limit,
                         "The key's own limit (the organization's applies when lower)");
  create_key->callback([&] {
    exit_code =
        RunCreateApiKey(data_dir, key_org, key_new_org, key_name, key_scopes, key_rate_limit);
  });

  CLI::App* organizations =
      app.add_subcommand("organizations", "Manage organizations offline (server stopped)")
          ->require_subcommand(1);
  std::string plan_org, plan_name;
  std::optional<int64_t> plan_rate_limit;
  CLI::App* plan = organizations->add_subcommand(
      "plan",
      "Set an organization's rate-limit plan (starter 100, professional 1000, enterprise "
      "10000 requests a minute)");
  plan->add_option("--org", plan_org, "Organization id")->required();
  plan->add_option("--plan", plan_name, "starter, professional or enterprise")->required();
  plan->add_option("--rate-limit-per-minute", plan_rate_limit,
                   "A custom limit instead of the plan's");
  plan->callback(
      [&] { exit_code = RunChangePlan(data_dir, plan_org, plan_name, plan_rate_limit); });

  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the HTTP API. Every setting is also FACTURA_<SETTING> in the environment or a key of "
      "the --config file; a flag wins over the environment, the environment over the file");
  std::string config_file;
  serve->add_option("--config", config_file, "TOML configuration file");
  // Every setting once, from the one table (api/config.h); data_dir is the global --data-dir.
  std::vector<factura::api::SettingInfo> settings = factura::api::DescribeSettings();
  std::map<std::string, std::string> flag_values;
  std::vector<std::pair<std::string, CLI::Option*>> flags;
  for (const auto& setting : settings) {
    if (setting.key == "data_dir") continue;
    std::string help = setting.help + " (" + setting.environment + ")";
    CLI::Option* option = serve->add_option(setting.flag, flag_values[setting.key], help);
    option->default_str(setting.default_value)->type_name("VALUE");
    flags.emplace_back(setting.key, option);
  }
  serve->callback([&] {
    factura::api::ServeConfig config;
    auto configured = [&]() -> factura::domain::Result<void> {
      if (!config_file.empty()) FACTURA_TRY(factura::api::ApplyTomlFile(config_file, config));
      FACTURA_TRY(factura::api::ApplyEnvironment([](const char* name) { return std::getenv(name); },
                                                 config));
      if (app.get_option("--data-dir")->count() > 0) config.data_dir = data_dir;
      for (const auto& [key, option] : flags) {
        if (option->count() > 0) {
          FACTURA_TRY(factura::api::ApplySetting(key, flag_values[key], config));
        }
      }
      return factura::api::Validate(config);
    }();
    if (!configured) {
      std::fprintf(stderr, "factura: %s (setting '%s')\n", configured.error().message.c_str(),
                   configured.error().param.c_str());
      exit_code = kExitFailure;
      return;
    }
    exit_code = RunServe(config);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitFailure;
  }
  return exit_code;
}
