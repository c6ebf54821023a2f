#include "api/http/request_metrics.h"

namespace factura::api {

RequestMetrics::RequestMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("factura_http_requests_total")
                    .Help("HTTP requests by route, method and status")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("factura_http_request_duration_seconds")
                   .Help("HTTP request latency by route")
                   .Register(registry)) {}

RequestMetrics::RouteSeries& RequestMetrics::Route(std::string_view route) {
  auto found = routes_.find(route);
  if (found == routes_.end()) found = routes_.emplace(std::string(route), RouteSeries{}).first;
  return found->second;
}

prometheus::Counter& RequestMetrics::Requests(RouteSeries& series, std::string_view route,
                                              std::string_view method, unsigned status) {
  for (const RouteSeries::Requests& requests : series.requests) {
    if (requests.status == status && requests.method == method) return *requests.counter;
  }
  prometheus::Counter& counter = requests_.Add({{"route", std::string(route)},
                                                {"method", std::string(method)},
                                                {"status", std::to_string(status)}});
  series.requests.push_back({std::string(method), status, &counter});
  return counter;
}

void RequestMetrics::Record(std::string_view route, std::string_view method, unsigned status,
                            double seconds) {
  prometheus::Counter* counter;
  prometheus::Histogram* latency;
  {
    std::lock_guard lock(mutex_);
    RouteSeries& series = Route(route);
    if (series.latency == nullptr) {
      series.latency =
          &latency_.Add({{"route", std::string(route)}},
                        prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                                0.025, 0.05, 0.1, 0.25, 1, 2.5});
    }
    counter = &Requests(series, route, method, status);
    latency = series.latency;
  }
  // Counters and histograms are thread-safe themselves.
  counter->Increment();
  latency->Observe(seconds);
}

void RequestMetrics::RecordRefusal(unsigned status) {
  prometheus::Counter* counter;
  {
    std::lock_guard lock(mutex_);
    counter = &Requests(Route("transport"), "transport", "-", status);
  }
  counter->Increment();
}

}  // namespace factura::api
