#include "api/webhooks/target_policy.h"

#include <boost/url/parse.hpp>
#include <cctype>
#include <string>

namespace factura::api {
namespace {

namespace ip = boost::asio::ip;

std::unexpected<domain::Error> BadUrl(std::string message) {
  return domain::Invalid("invalid_url", "url", std::move(message));
}

bool InV4(uint32_t address, uint32_t network, int prefix) {
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

constexpr uint32_t V4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}

bool IsPublicV4(const ip::address_v4& address) {
  struct Range {
    uint32_t network;
    int prefix;
  };
  static constexpr Range kRefused[] = {
      {V4(0, 0, 0, 0), 8},        // "this network"
      {V4(10, 0, 0, 0), 8},       // private
      {V4(100, 64, 0, 0), 10},    // CGNAT
      {V4(127, 0, 0, 0), 8},      // loopback
      {V4(169, 254, 0, 0), 16},   // link-local (cloud metadata services live here)
      {V4(172, 16, 0, 0), 12},    // private
      {V4(192, 0, 0, 0), 24},     // IETF protocol assignments
      {V4(192, 0, 2, 0), 24},     // documentation
      {V4(192, 88, 99, 0), 24},   // 6to4 relay
      {V4(192, 168, 0, 0), 16},   // private
      {V4(198, 18, 0, 0), 15},    // benchmarking
      {V4(198, 51, 100, 0), 24},  // documentation
      {V4(203, 0, 113, 0), 24},   // documentation
      {V4(224, 0, 0, 0), 4},      // multicast
      {V4(240, 0, 0, 0), 4},      // reserved, and broadcast
  };
  uint32_t value = address.to_uint();
  for (const Range& range : kRefused) {
    if (InV4(value, range.network, range.prefix)) return false;
  }
  return true;
}

bool IsPublicV6(const ip::address_v6& address) {
  ip::address_v6::bytes_type b = address.to_bytes();
  auto zero_until = [&](size_t end) {
    for (size_t i = 0; i < end; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  if (address.is_unspecified() || address.is_loopback() || address.is_multicast()) return false;
  if (address.is_link_local() || address.is_site_local()) return false;
  if (address.is_v4_mapped()) return false;  // ::ffff:0:0/96
  if (zero_until(12)) return false;          // ::/96, IPv4-compatible
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return false;  // NAT64
  if ((b[0] & 0xfe) == 0xfc) return false;  // fc00::/7, unique local
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // docs
  if (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 &&
      b[6] == 0 && b[7] == 0) {
    return false;  // 100::/64, discard
  }
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4: the IPv4 address it embeds decides
    return IsPublicV4(ip::address_v4({b[2], b[3], b[4], b[5]}));
  }
  return true;
}

}  // namespace

bool IsPublicAddress(const ip::address& address) {
  return address.is_v4() ? IsPublicV4(address.to_v4()) : IsPublicV6(address.to_v6());
}

domain::Result<WebhookTarget> ParseWebhookUrl(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return BadUrl("Not an absolute URL");
  WebhookTarget target;
  std::string scheme = parsed->scheme();
  if (scheme != "http" && scheme != "https") return BadUrl("Webhook URLs use http or https");
  target.tls = scheme == "https";
  if (parsed->has_userinfo()) return BadUrl("Credentials in webhook URLs are not allowed");
  // host_address(): IPv6 without brackets, percent-decoded names.
  target.host = parsed->host_address();
  if (target.host.empty()) return BadUrl("The URL has no host");
  target.port = parsed->has_port() ? std::string(parsed->port()) : (target.tls ? "443" : "80");
  target.target = std::string(parsed->encoded_path());
  if (target.target.empty()) target.target = "/";
  if (parsed->has_query()) target.target += "?" + std::string(parsed->encoded_query());
  return target;
}

domain::Result<std::vector<ip::tcp::endpoint>> CheckResolved(
    const ip::tcp::resolver::results_type& resolved, bool allow_private) {
  std::vector<ip::tcp::endpoint> endpoints;
  for (const auto& entry : resolved) {
    if (!allow_private && !IsPublicAddress(entry.endpoint().address())) {
      return BadUrl("The URL's host resolves to " + entry.endpoint().address().to_string() +
                    ", a loopback, private or reserved address");
    }
    endpoints.push_back(entry.endpoint());
  }
  if (endpoints.empty()) return BadUrl("The URL's host does not resolve");
  return endpoints;
}

bool IsNeverResolvable(std::string_view host) {
  std::string name;
  for (char c : host) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name.ends_with('.')) name.pop_back();
  if (name == "localhost") return true;
  for (std::string_view suffix : {".test", ".invalid", ".localhost"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

domain::Result<std::vector<ip::tcp::endpoint>> ResolveWebhookTarget(const WebhookTarget& target,
                                                                    bool allow_private) {
  boost::asio::io_context io;
  ip::tcp::resolver resolver(io);
  boost::system::error_code error;
  auto resolved = resolver.resolve(target.host, target.port, error);
  if (error) {
    return domain::Reject(domain::ErrorKind::kInvalidArgument, std::string(kHostNotFound), "url",
                          "The URL's host does not resolve: " + target.host.substr(0, 200));
  }
  return CheckResolved(resolved, allow_private);
}

}  // namespace factura::api
