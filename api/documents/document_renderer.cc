#include "api/documents/document_renderer.h"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace factura::api::documents {

namespace asio = boost::asio;

DocumentRenderer::DocumentRenderer(size_t threads, size_t max_waiting, size_t cached_documents)
    : pool_(threads < 1 ? 1 : threads), max_waiting_(max_waiting), cache_(cached_documents) {}

DocumentRenderer::~DocumentRenderer() { pool_.join(); }

DocumentRenderer::Pdf DocumentRenderer::Cached(const std::string& key) {
  std::lock_guard lock(mutex_);
  Pdf* found = cache_.Find(key);
  return found != nullptr ? *found : nullptr;
}

asio::awaitable<domain::Result<DocumentRenderer::Pdf>> DocumentRenderer::Render(
    std::string key, std::function<domain::Result<std::string>()> render) {
  if (Pdf cached = Cached(key)) co_return cached;
  if (waiting_.fetch_add(1) >= max_waiting_) {
    waiting_.fetch_sub(1);
    co_return domain::Reject(domain::ErrorKind::kUnavailable, "renderer_busy", "",
                             "Too many documents are being rendered; try again in a moment");
  }
  asio::any_io_executor caller = co_await asio::this_coro::executor;
  co_await asio::post(pool_, asio::use_awaitable);
  // Another request may have rendered it while this one waited.
  Pdf pdf = Cached(key);
  domain::Result<Pdf> result = pdf;
  if (!pdf) {
    auto bytes = render();
    if (bytes) {
      pdf = std::make_shared<const std::string>(std::move(*bytes));
      std::lock_guard lock(mutex_);
      cache_.Put(key, pdf);
      result = pdf;
    } else {
      result = std::unexpected(bytes.error());
    }
  }
  waiting_.fetch_sub(1);
  co_await asio::post(caller, asio::use_awaitable);
  co_return result;
}

}  // namespace factura::api::documents
