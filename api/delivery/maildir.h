#pragma once
// Delivery into a maildir (<directory>/{tmp,new,cur}), where messages go when no SMTP server is
// configured: nothing is lost and a person can read them with any mail reader (mutt -f DIR).
// A message is written to tmp/, fsynced, renamed into new/ and the directory fsynced: a reader
// never sees half a message, and a crash leaves it delivered or not at all. Its file is named by
// its Message-ID, so delivering it again replaces the same file instead of adding a copy.
//
//   auto box = Maildir::Open(data_dir + "/mail");
//   auto path = box->Deliver(message_id, WriteMime(message));

#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::api::delivery {

class Maildir {
 public:
  // Creates the directory and its tmp/new/cur when missing (mode 0700). Errors: kInternal.
  [[nodiscard]] static domain::Result<Maildir> Open(std::string directory);

  // The delivered file's path. Errors: kInternal naming the file (disk full, permissions).
  [[nodiscard]] domain::Result<std::string> Deliver(std::string_view message_id,
                                                    std::string_view message) const;

  const std::string& directory() const { return directory_; }

 private:
  explicit Maildir(std::string directory) : directory_(std::move(directory)) {}
  std::string directory_;
};

}  // namespace factura::api::delivery
