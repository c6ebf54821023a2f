// The `factura` program: operator subcommands over tested library functions.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"Factura: event-sourced invoicing backend"};
  app.set_version_flag("--version", "factura 0.1.0");
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);
  if (argc == 1) std::cout << app.help();
  return 0;
}
