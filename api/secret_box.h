#pragma once
// Secrets at rest (webhook signing secrets, stored replies that carry a new key): sealed with a
// master key kept outside the log — `FACTURA_MASTER_KEY` (64 hex digits), else
// `<data-dir>/keys/master.key`, made on first start with mode 0600 — so that the log, an export
// of it and the idempotency records hold only ciphertext. XChaCha20-Poly1305 (libsodium) with a
// random nonce; the context (the owning aggregate's id) is authenticated too, so a sealed value
// cannot be moved to another resource.
//
//   std::string stored = box.Seal(secret, webhook_id);        // "sealed:v1:…"
//   auto secret = box.Open(stored, webhook_id);               // a value from before sealing
//                                                             // existed comes back as it is
//
// Sealing happens where a secret is born (the command that makes it), not in the event store as
// DESIGN.md §1 places it: the store cannot know which fields of a payload are secret, and a
// secret sealed at birth is never in clear in any layer below the command.
//
// Thread-safe (immutable after construction).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::api {

class SecretBox {
 public:
  static constexpr std::string_view kPrefix = "sealed:v1:";

  // The key from `FACTURA_MASTER_KEY`, else `<directory>/master.key` (created when missing).
  // Errors: kInternal naming the file or the variable.
  [[nodiscard]] static domain::Result<SecretBox> LoadOrCreate(const std::string& directory);
  explicit SecretBox(const std::array<uint8_t, 32>& key);

  [[nodiscard]] std::string Seal(std::string_view plaintext, std::string_view context) const;
  // The plaintext of a sealed value; a value without the prefix (recorded before secrets were
  // sealed) as it is. Errors: kDataLoss `secret_unreadable` (another key, another context, or
  // tampered).
  [[nodiscard]] domain::Result<std::string> Open(std::string_view stored,
                                                 std::string_view context) const;
  static bool IsSealed(std::string_view stored) { return stored.starts_with(kPrefix); }

  // A key for another use (`purpose`, e.g. "public links v1"), derived from the master key by
  // HMAC-SHA256: the master key itself never leaves the box, and each use has its own key.
  [[nodiscard]] std::array<uint8_t, 32> DeriveKey(std::string_view purpose) const;

 private:
  std::array<uint8_t, 32> key_;
};

}  // namespace factura::api
