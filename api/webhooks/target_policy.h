#pragma once
// Where webhooks may be sent. A URL's host is resolved and every address it resolves to must be
// public unicast: loopback, private, link-local, CGNAT, multicast, reserved and documentation
// ranges, and IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64), are refused, so
// that an endpoint cannot make the server reach its own network (SSRF). The check runs when an
// endpoint is saved and again before each connection, which then goes only to the addresses
// checked (a name that re-resolves elsewhere in between changes nothing).
//
//   auto targets = ResolveWebhookTarget(io, "https://example.com/hook", false);
//   // targets->endpoints: connect to these only

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace factura::api {

// True for public unicast addresses.
[[nodiscard]] bool IsPublicAddress(const boost::asio::ip::address& address);

struct WebhookTarget {
  bool tls = false;
  std::string host;  // as in the URL: what SNI, certificate checks and Host: name
  std::string port;
  std::string target;  // path and query, "/" when empty
};

// Splits an http(s) URL. Errors: kInvalidArgument `invalid_url` (param `url`).
[[nodiscard]] domain::Result<WebhookTarget> ParseWebhookUrl(std::string_view url);

// The addresses a target may be reached at: every resolved address, all of them allowed.
// Errors: kInvalidArgument `invalid_url` (param `url`): unresolvable, or some address refused.
[[nodiscard]] domain::Result<std::vector<boost::asio::ip::tcp::endpoint>> CheckResolved(
    const boost::asio::ip::tcp::resolver::results_type& resolved, bool allow_private);

// The error code of a host that does not resolve (now): an endpoint may be saved before its DNS
// exists (every delivery resolves and checks again), unlike one that resolves to a refused address.
inline constexpr std::string_view kHostNotFound = "host_not_found";

// A special-use name that never resolves on the public internet (RFC 6761: localhost, *.test,
// *.invalid, *.localhost).
[[nodiscard]] bool IsNeverResolvable(std::string_view host);

// Resolves (blocking) and checks. Not on I/O threads. Errors: as CheckResolved, and
// kInvalidArgument kHostNotFound (param `url`).
[[nodiscard]] domain::Result<std::vector<boost::asio::ip::tcp::endpoint>> ResolveWebhookTarget(
    const WebhookTarget& target, bool allow_private);

}  // namespace factura::api
