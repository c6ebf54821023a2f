// JSON strings as the API writes them: every character that must be escaped is, and the result
// parses back to the same bytes (checked with Boost.JSON's parser).
#include "api/http/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace factura::api {
namespace {

std::string Quoted(std::string_view value) {
  std::string out;
  AppendJsonString(out, value);
  return out;
}

TEST(JsonWriterTest, EscapesWhatJsonRequiresAndNothingElse) {
  EXPECT_EQ(Quoted(""), R"("")");
  EXPECT_EQ(Quoted("Acme, Inc."), R"("Acme, Inc.")");
  EXPECT_EQ(Quoted(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(Quoted(R"(C:\path)"), R"("C:\\path")");
  EXPECT_EQ(Quoted("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(Quoted(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(Quoted("São Paulo — 東京"), "\"São Paulo — 東京\"");  // UTF-8 as is
  EXPECT_EQ(Quoted("\"\"\\"), R"("\"\"\\")");                     // escapes back to back
}

TEST(JsonWriterTest, EveryByteBelow0x80ParsesBackUnchanged) {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "end";
  boost::json::value parsed = boost::json::parse(Quoted(all));
  ASSERT_TRUE(parsed.is_string());
  EXPECT_EQ(std::string_view(parsed.as_string()), all);
}

}  // namespace
}  // namespace factura::api
