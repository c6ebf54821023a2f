#pragma once
// Renders PDFs off the I/O threads: on a small pool of its own (so that a 500-line invoice never
// holds up reads on the worker pool), at most `max_waiting` renders waiting at once (more: 503,
// try again), and the results cached by a key that names everything they depend on (the
// aggregate's id and version, the organization's version, template and locale).
//
//   auto pdf = co_await renderer.Render(key, [=] { return WritePdf(build(), style); });

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "domain/error.h"
#include "eventstore/lru_map.h"

namespace factura::api::documents {

class DocumentRenderer {
 public:
  using Pdf = std::shared_ptr<const std::string>;
  DocumentRenderer(size_t threads, size_t max_waiting, size_t cached_documents);
  ~DocumentRenderer();

  // The cached PDF of `key`, or `render`'s, run on the renderer's threads; the caller resumes on
  // its own executor. Errors: `render`'s; kUnavailable `renderer_busy` when too many wait.
  boost::asio::awaitable<domain::Result<Pdf>> Render(
      std::string key, std::function<domain::Result<std::string>()> render);

 private:
  Pdf Cached(const std::string& key);

  boost::asio::thread_pool pool_;
  size_t max_waiting_;
  std::atomic<size_t> waiting_{0};
  std::mutex mutex_;
  eventstore::LruMap<Pdf> cache_;
};

}  // namespace factura::api::documents
