#pragma once
// Routes: method + path pattern ("/v1/customers/{id}") → handler. Every route is declared in
// api/http/routes.cc; this is only the matching.
//
//   router.Add(http::verb::get, "/v1/customers/{id}", "customers.retrieve", "customers:read",
//              handler);
//   RouteMatch match = router.Match(http::verb::get, "/v1/customers/cus_1");
//   // match.params["id"] == "cus_1"; no route: match.route == nullptr and
//   // match.allowed lists the methods the path does have (empty → 404, else 405).

#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace factura::api {

template <typename Handler>
class Router {
 public:
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    std::string name;   // for metrics and logs: "customers.retrieve"
    std::string scope;  // the API-key scope it needs; empty: public
    Handler handler;
    std::vector<std::string> segments;
    // Bodies are JSON only, but for OAuth's endpoints, which take forms too (RFC 6749 §4.1.3).
    bool accepts_forms = false;
  };

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> params;
    std::vector<boost::beast::http::verb> allowed;
  };

  void Add(boost::beast::http::verb method, std::string pattern, std::string name,
           std::string scope, Handler handler, bool accepts_forms = false) {
    Route route{method,         pattern,      std::move(name), std::move(scope), std::move(handler),
                Split(pattern), accepts_forms};
    routes_.push_back(std::move(route));
  }

  Match Find(boost::beast::http::verb method, std::string_view path) const {
    Match match;
    std::vector<std::string> segments = Split(path);
    for (const Route& route : routes_) {
      std::map<std::string, std::string, std::less<>> params;
      if (!Matches(route.segments, segments, params)) continue;
      if (route.method == method) {
        match.route = &route;
        match.params = std::move(params);
        return match;
      }
      match.allowed.push_back(route.method);
    }
    return match;
  }

  const std::vector<Route>& routes() const { return routes_; }

 private:
  static std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> segments;
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      if (end > start) segments.emplace_back(path.substr(start, end - start));
      start = end + 1;
    }
    return segments;
  }

  static bool Matches(const std::vector<std::string>& pattern,
                      const std::vector<std::string>& segments,
                      std::map<std::string, std::string, std::less<>>& params) {
    if (pattern.size() != segments.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
      const std::string& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = segments[i];
      } else if (p != segments[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace factura::api
