#pragma once
// `factura serve`: the HTTP API over the embedded store in <data_dir>/events. Prints
// "Factura listening on http://ADDRESS:PORT" once it accepts connections. SIGINT or SIGTERM:
// stop accepting, let in-flight requests finish (at most 10 s), commit what is queued, exit 0.

#include "api/config.h"

namespace factura::tools {

int RunServe(const api::ServeConfig& config);

}  // namespace factura::tools
