#pragma once
// The hosted invoice page's address (issue 19): /i/{token}. The token names its invoice and
// proves the link was given by Factura: the organization's and the invoice's ids (their 26
// random characters each) and a 128-bit MAC of both and the link's generation, keyed by a key
// derived from the master key (never in the log). Nothing is stored to check it, so the link
// works the moment the invoice is issued; regenerating (a new generation) or revoking the link is
// an event on the invoice, and every older token stops working at once.
//
//   PublicLinks links(secrets.DeriveKey("public links"), "https://billing.example.com");
//   std::string url = links.Url(org, invoice, 0);     // https://billing.example.com/i/01m8…
//   if (auto target = PublicLinks::Parse(token)) … links.Verify(*target, generation) …
//
// Thread-safe (immutable).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/invoice/invoice_state.h"

namespace factura::api::documents {

class PublicLinks {
 public:
  // A key of its own: links made with it are good only for this process (tests, tools).
  PublicLinks();
  PublicLinks(const std::array<uint8_t, 32>& key, std::string base_url);

  [[nodiscard]] std::string Token(std::string_view organization_id, std::string_view invoice_id,
                                  uint32_t generation) const;
  // `base_url` + "/i/" + the token; without a base URL, the path alone.
  [[nodiscard]] std::string Url(std::string_view organization_id, std::string_view invoice_id,
                                uint32_t generation) const;

  struct Target {
    std::string organization_id;  // org_…
    std::string invoice_id;       // inv_…
    std::string token;
  };
  // What a well-formed token names (not yet whether it is genuine: Verify).
  [[nodiscard]] static std::optional<Target> Parse(std::string_view token);
  // Whether `target`'s token is the one of `generation`, compared in constant time.
  [[nodiscard]] bool Verify(const Target& target, uint32_t generation) const;

 private:
  std::array<uint8_t, 32> key_;
  std::string base_url_;
};

// The invoice's hosted page, while it has one: issued, not deleted, its link not revoked.
[[nodiscard]] std::optional<std::string> PublicUrl(const PublicLinks& links,
                                                   std::string_view organization_id,
                                                   const domain::InvoiceState& invoice);

}  // namespace factura::api::documents
