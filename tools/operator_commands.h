#pragma once
// The operator subcommands of `factura`, each a thin wrapper over a tested library function in
// eventstore/. Each returns the process exit code: 0 success, 1 the check found a problem
// (audit verify), 2 the command could not run (missing store, unreadable input, bad arguments).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace factura::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblemFound = 1;
inline constexpr int kExitFailure = 2;

// The event store lives in <data_dir>/events, the read models in <data_dir>/readmodels.sqlite.
std::string EventStorePath(const std::string& data_dir);
std::string ReadModelPath(const std::string& data_dir);

int RunAuditVerify(const std::string& data_dir);
int RunEventsExport(const std::string& data_dir, uint64_t from_position,
                    const std::optional<std::string>& stream_id, const std::string& output);
int RunEventsImport(const std::string& data_dir, const std::string& input);
int RunStreamShow(const std::string& data_dir, const std::string& stream_id);
// Rebuilds the read models from the whole log into a new file and swaps it in (server stopped).
int RunReplay(const std::string& data_dir);
// Prints "<organization_id> <api_key_id> <secret>" on one line.
int RunCreateApiKey(const std::string& data_dir, const std::string& organization_id,
                    const std::string& new_organization_name, const std::string& name,
                    const std::vector<std::string>& scopes,
                    std::optional<int64_t> rate_limit_per_minute);
// Sets the organization's rate-limit plan; prints nothing on success.
int RunChangePlan(const std::string& data_dir, const std::string& organization_id,
                  const std::string& plan, std::optional<int64_t> rate_limit_per_minute);

}  // namespace factura::tools
