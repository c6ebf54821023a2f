// The requests' metrics keep a series per route, method and status (and a latency histogram per
// route) however often each is recorded: the kept series must not mix them up.
#include "api/http/request_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

namespace factura::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Exposition(const prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

TEST(RequestMetricsTest, CountsEachRouteMethodAndStatusApart) {
  prometheus::Registry registry;
  RequestMetrics metrics(registry);
  for (int i = 0; i < 3; ++i) metrics.Record("invoices.create", "POST", 201, 0.004);
  metrics.Record("invoices.create", "POST", 422, 0.001);
  metrics.Record("invoices.retrieve", "GET", 200, 0.0002);
  metrics.Record("invoices.retrieve", "HEAD", 200, 0.0002);
  metrics.RecordRefusal(413);
  metrics.RecordRefusal(413);
  std::string text = Exposition(registry);
  // One series per route, method and status; a latency per route, across its statuses.
  for (std::string_view series : {
           R"(factura_http_requests_total{method="POST",route="invoices.create",status="201"} 3)",
           R"(factura_http_requests_total{method="POST",route="invoices.create",status="422"} 1)",
           R"(factura_http_requests_total{method="GET",route="invoices.retrieve",status="200"} 1)",
           R"(factura_http_requests_total{method="HEAD",route="invoices.retrieve",status="200"} 1)",
           R"(factura_http_requests_total{method="-",route="transport",status="413"} 2)",
           R"(factura_http_request_duration_seconds_count{route="invoices.create"} 4)",
           R"(factura_http_request_duration_seconds_count{route="invoices.retrieve"} 2)",
           R"(factura_http_request_duration_seconds_bucket{route="invoices.create",le="0.005"} 4)",
           R"(factura_http_request_duration_seconds_bucket{route="invoices.create",le="0.0025"} 1)",
       }) {
    EXPECT_THAT(text, HasSubstr(series));
  }
  // Refusals are counted without a latency.
  EXPECT_THAT(text,
              Not(HasSubstr(R"(factura_http_request_duration_seconds_count{route="transport"})")));
}

}  // namespace
}  // namespace factura::api
