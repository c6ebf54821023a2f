#pragma once
// Key files kept beside the log and never in it (the token signing key, the master key): a
// directory only the server's user may enter, and files only it may read, written whole.
//
//   if (auto text = ReadPrivateFile(path)) … else CreatePrivateFile(path, new_key);

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::api {

// Creates `directory` (and its parents) if missing, mode 0700. Errors: kInternal.
[[nodiscard]] domain::Result<void> EnsurePrivateDirectory(const std::string& directory);

// The file's contents, or nullopt when it does not exist.
[[nodiscard]] std::optional<std::string> ReadPrivateFile(const std::string& path);

// Writes a new file, mode 0600, and fsyncs it. False when the file exists already (another
// process made it first: read theirs). Errors: kInternal naming the file.
[[nodiscard]] domain::Result<bool> CreatePrivateFile(const std::string& path,
                                                     std::string_view contents);

}  // namespace factura::api
