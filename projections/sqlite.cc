#include "projections/sqlite.h"

namespace factura::projections {

domain::Error SqliteError(sqlite3* db, int code, std::string_view doing) {
  std::string message = std::string(doing) + ": " + sqlite3_errstr(code);
  if (db != nullptr) message += " (" + std::string(sqlite3_errmsg(db)) + ")";
  return domain::Error{domain::ErrorKind::kInternal, "sqlite_error", "", std::move(message)};
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), statement_(other.statement_) {
  other.statement_ = nullptr;
}

Statement::~Statement() {
  if (statement_ != nullptr) sqlite3_finalize(statement_);
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindStatic(int index, std::string_view value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

domain::Result<bool> Statement::Step() {
  int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(db_, code, sqlite3_sql(statement_)));
}

domain::Result<void> Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) {
      Reset();
      return std::unexpected(row.error());
    }
    if (!*row) break;
  }
  Reset();
  return {};
}

domain::Result<int64_t> Statement::RunForInt() {
  auto row = Step();
  if (!row || !*row) {
    Reset();
    if (!row) return std::unexpected(row.error());
    return std::unexpected(domain::Error{domain::ErrorKind::kInternal, "sqlite_error", "",
                                         "The statement gave no row"});
  }
  int64_t value = Int(0);
  FACTURA_TRY(Run());
  return value;
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string_view Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(statement_, column))};
}

bool Statement::IsInteger(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_INTEGER;
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

domain::Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  int flags =
      mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    domain::Error error = SqliteError(db, code, "opening " + path);
    sqlite3_close(db);
    return std::unexpected(error);
  }
  std::unique_ptr<Database> database(new Database(db));
  sqlite3_busy_timeout(db, 5'000);
  if (mode == Mode::kReadWrite) {
    // WAL: readers never block the projector, and it never blocks them. NORMAL sync is enough:
    // the read models are rebuilt from the durable log, and the checkpoint commits with them.
    // Statement journals (the pages each upsert changes, kept to undo just that statement) in
    // memory: in temporary files they were a 4 KiB write() per page, ~30 KiB per invoice.
    FACTURA_TRY(database->Execute(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
        "PRAGMA temp_store=MEMORY;"));
  } else {
    // Queries read the file through a memory map (no read() and copy per page) and keep their
    // own cache of the hot pages (indexes' upper levels, the search index's doclist index).
    FACTURA_TRY(database->Execute("PRAGMA cache_size=-32768; PRAGMA mmap_size=17179869184;"));
  }
  return database;
}

Database::~Database() { sqlite3_close_v2(db_); }

domain::Result<void> Database::Execute(std::string_view sql) {
  char* message = nullptr;
  int code = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    std::string detail = message != nullptr ? message : "";
    sqlite3_free(message);
    return std::unexpected(domain::Error{domain::ErrorKind::kInternal, "sqlite_error", "",
                                         std::string(sqlite3_errstr(code)) + ": " + detail});
  }
  return {};
}

domain::Result<void> Database::InTransaction(std::string_view begin,
                                             const std::function<domain::Result<void>()>& body) {
  FACTURA_TRY(Execute(begin));
  auto done = body();
  if (done) done = Execute("COMMIT");
  if (!done) (void)Execute("ROLLBACK");
  return done;
}

domain::Result<void> Database::Attach(const std::string& path, std::string_view name) {
  auto attach = Prepare("ATTACH DATABASE ?1 AS " + std::string(name));
  if (!attach) return std::unexpected(attach.error());
  return attach->Bind(1, path).Run();
}

domain::Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (code != SQLITE_OK) return std::unexpected(SqliteError(db_, code, sql));
  return Statement(db_, statement);
}

}  // namespace factura::projections
