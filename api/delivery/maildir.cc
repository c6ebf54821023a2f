#include "api/delivery/maildir.h"

#include <fcntl.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace factura::api::delivery {
namespace {

domain::Result<void> Failed(const std::string& what, const std::string& path) {
  return domain::Reject(domain::ErrorKind::kInternal, "maildir_failed", "",
                        "Cannot " + what + " " + path + ": " + std::strerror(errno));
}

domain::Result<void> SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Failed("open", path);
  auto synced = ::fsync(fd) == 0 ? domain::Result<void>{} : Failed("sync", path);
  ::close(fd);
  return synced;
}

// The file's name: a digest of the Message-ID (any characters it has are safe that way).
std::string FileName(std::string_view message_id) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(message_id.data()), message_id.size(), digest);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string name;
  for (size_t i = 0; i < 16; ++i) {
    name += kHex[digest[i] >> 4];
    name += kHex[digest[i] & 0xF];
  }
  return name + ".factura.eml";
}

}  // namespace

domain::Result<Maildir> Maildir::Open(std::string directory) {
  for (const std::string& path :
       {directory, directory + "/tmp", directory + "/new", directory + "/cur"}) {
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
      return std::unexpected(Failed("create", path).error());
    }
  }
  return Maildir(std::move(directory));
}

domain::Result<std::string> Maildir::Deliver(std::string_view message_id,
                                             std::string_view message) const {
  std::string name = FileName(message_id);
  std::string temporary = directory_ + "/tmp/" + name;
  std::string delivered = directory_ + "/new/" + name;
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(Failed("create", temporary).error());
  size_t written = 0;
  while (written < message.size()) {
    ssize_t n = ::write(fd, message.data() + written, message.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto failed = Failed("write", temporary);  // before close() changes errno
      ::close(fd);
      return std::unexpected(failed.error());
    }
    written += static_cast<size_t>(n);
  }
  auto synced = ::fsync(fd) == 0 ? domain::Result<void>{} : Failed("sync", temporary);
  ::close(fd);
  if (!synced) return std::unexpected(synced.error());
  if (::rename(temporary.c_str(), delivered.c_str()) != 0) {
    return std::unexpected(Failed("move", delivered).error());
  }
  FACTURA_TRY(SyncPath(directory_ + "/new", O_RDONLY | O_DIRECTORY));
  return delivered;
}

}  // namespace factura::api::delivery
