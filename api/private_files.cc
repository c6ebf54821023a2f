#include "api/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace factura::api {
namespace {

std::unexpected<domain::Error> Internal(std::string message) {
  return domain::Reject(domain::ErrorKind::kInternal, "key_file_unavailable", "",
                        std::move(message));
}

}  // namespace

domain::Result<void> EnsurePrivateDirectory(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Internal("cannot create " + directory + ": " + error.message());
  if (::chmod(directory.c_str(), 0700) != 0) return Internal("cannot restrict " + directory);
  return {};
}

std::optional<std::string> ReadPrivateFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

domain::Result<bool> CreatePrivateFile(const std::string& path, std::string_view contents) {
  // O_EXCL: two processes starting at once cannot both write one; the loser reads the winner's.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    return Internal("cannot create " + path);
  }
  bool written =
      ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Internal("cannot write " + path);
  return true;
}

}  // namespace factura::api
