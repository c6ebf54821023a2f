#pragma once
// A thin RAII layer over SQLite: a connection, prepared statements, transactions. SQLite's
// result codes become domain errors here and nowhere else (STYLE.md, "Errors").
//
//   auto db = Database::Open(path, Database::Mode::kReadWrite);
//   auto insert = db->Prepare("INSERT INTO t(a, b) VALUES (?1, ?2)");
//   insert->Bind(1, int64_t{7}).Bind(2, "text");
//   FACTURA_TRY(insert->Run());
//
// Thread safety: a Database and its statements belong to one thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::projections {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Parameters are numbered from 1. Text is copied by SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::optional<std::string>& value);
  Statement& Bind(int index, const std::optional<int64_t>& value);
  Statement& BindNull(int index);
  // Text that SQLite does not copy: it must stay unchanged until the statement is reset.
  Statement& BindStatic(int index, std::string_view value);

  // Steps once: true while a row is available. Errors: kInternal `sqlite_error`.
  [[nodiscard]] domain::Result<bool> Step();
  // Steps to the end and resets, for statements that return no rows.
  [[nodiscard]] domain::Result<void> Run();
  // Steps to the end and resets, returning the first row's first column (`… RETURNING rowid`).
  // Errors: as Step; kInternal `sqlite_error` when there was no row.
  [[nodiscard]] domain::Result<int64_t> RunForInt();
  // Ready to bind and step again (bindings cleared).
  void Reset();

  int64_t Int(int column) const;
  std::string_view Text(int column) const;  // valid until the next Step
  bool IsNull(int column) const;
  bool IsInteger(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
};

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (and for kReadWrite creates) the file in WAL mode. Errors: kInternal `sqlite_error`.
  [[nodiscard]] static domain::Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                                      Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  [[nodiscard]] domain::Result<void> Execute(std::string_view sql);
  // Attaches the database file at `path` as `name`, with this connection's access.
  // Errors: kInternal `sqlite_error`.
  [[nodiscard]] domain::Result<void> Attach(const std::string& path, std::string_view name);
  [[nodiscard]] domain::Result<Statement> Prepare(std::string_view sql);
  // Runs `body` between `begin` ("BEGIN" or "BEGIN IMMEDIATE") and COMMIT. When the body or the
  // commit fails, rolls back and returns that error: nothing of it is kept.
  [[nodiscard]] domain::Result<void> InTransaction(
      std::string_view begin, const std::function<domain::Result<void>()>& body);

  sqlite3* handle() { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// SQLite's message for `code` on `db`, as a kInternal error.
domain::Error SqliteError(sqlite3* db, int code, std::string_view doing);

}  // namespace factura::projections
