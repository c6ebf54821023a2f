// The maildir transport: a message lands whole in new/, nothing stays in tmp/, and delivering
// the same Message-ID again replaces the file instead of adding a copy.
#include "api/delivery/maildir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/store_testing.h"

namespace factura::api::delivery {
namespace {

size_t Files(const std::string& directory) {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
    ++count;
  }
  return count;
}

TEST(MaildirTest, AMessageLandsWholeInNewAndOnceByItsMessageId) {
  eventstore::testing::TempDir dir;
  auto box = Maildir::Open(dir.Sub("mail"));
  ASSERT_TRUE(box);
  auto first = box->Deliver("<a@factura>", "Subject: one\r\n\r\nbody\r\n");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->starts_with(dir.Sub("mail") + "/new/"));
  std::ifstream file(*first, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), "Subject: one\r\n\r\nbody\r\n");
  auto again = box->Deliver("<a@factura>", "Subject: one\r\n\r\nbody\r\n");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *first);
  ASSERT_TRUE(box->Deliver("<b@factura>", "Subject: two\r\n\r\n"));
  EXPECT_EQ(Files(dir.Sub("mail") + "/new"), 2u);
  EXPECT_EQ(Files(dir.Sub("mail") + "/tmp"), 0u);
  EXPECT_TRUE(std::filesystem::is_directory(dir.Sub("mail") + "/cur"));
}

TEST(MaildirTest, AnUnwritableDirectoryIsAnError) {
  auto box = Maildir::Open("/proc/factura-no-such-place/mail");
  EXPECT_FALSE(box);
}

}  // namespace
}  // namespace factura::api::delivery
