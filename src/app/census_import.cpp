// Issue 14 item 1 (contract C1): proposing a map, the mapping file, and
// storing a confirmed census under its content hash with a registry row
// and an audit entry, in one transaction.
#include "app/census_import.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "app/census_preview.hpp"
#include "app/existing_database.hpp"
#include "app/run_manifest.hpp"
#include "app/temp_beside.hpp"
#include "io/census_map_yaml.hpp"
#include "io/census_mapper.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_table_writer.hpp"
#include "io/file_hash.hpp"
#include "levers/audit_trail.hpp"
#include "store/census_tables.hpp"
#include "store/transaction.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;

StoredCensus stored_of(const store::CensusRow& r, const std::string& db_path) {
  StoredCensus s;
  s.sha256 = r.sha256;
  s.name = r.name;
  s.source_name = r.source_name;
  s.path = census_folder(db_path) / (r.sha256 + ".csv");
  s.rows_total = static_cast<std::size_t>(r.rows_total);
  s.active = static_cast<std::size_t>(r.active);
  s.terminated = static_cast<std::size_t>(r.terminated);
  s.excluded = static_cast<std::size_t>(r.excluded);
  s.map_yaml = r.map_yaml;
  s.imported_at = r.imported_at;
  s.imported_by = r.imported_by;
  return s;
}

// The mapped rows in the bundled schema, as io/census_reader reads them.
std::string census_csv(const TextTable& t) {
  std::string out;
  out.reserve(t.rows() * 90 + 128);
  for (std::size_t c = 0; c < t.columns(); ++c) {
    if (c > 0) out += ',';
    out += t.header[c];
  }
  out += '\n';
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.columns(); ++c) {
      if (c > 0) out += ',';
      io::append_csv_field(out, t.cell(r, c));
    }
    out += '\n';
  }
  return out;
}

Status write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    return Error::make(ErrorKind::kStorage, "cannot write " + path.string());
  }
  return Status::success();
}

Error cannot_confirm(const CensusPreview& p) {
  const std::string counts =
      std::to_string(p.errors) + " error(s)" +
      (p.questions.empty() ? std::string()
                           : ", " + std::to_string(p.questions.size()) + " open question(s)");
  for (const CensusIssue& i : p.issues) {
    if (i.severity != IssueSeverity::kError) continue;
    return Error::invalid_input(
        p.source_name, i.row, i.column, i.rule, i.value,
        "the census cannot be confirmed (" + counts + "); first: " + i.message);
  }
  return Error::invalid_input(p.source_name, 0, "", "census_errors", "",
                              "the census cannot be confirmed (" + counts + ")");
}

std::string audit_details(const StoredCensus& s) {
  return "census " + s.name + " sha256 " + s.sha256 + " from " + s.source_name + ": " +
         std::to_string(s.rows_total) + " rows, " + std::to_string(s.active) + " active, " +
         std::to_string(s.terminated) + " terminated, " + std::to_string(s.excluded) + " excluded";
}

}  // namespace

std::string CensusSource::name() const {
  return display_name.empty() ? path.filename().string() : display_name;
}

const char* issue_severity_name(IssueSeverity severity) {
  return severity == IssueSeverity::kError ? "error" : "warning";
}

Result<io::CensusMap> propose_census_map(const CensusSource& source) {
  auto table = read_census_source(source);
  if (!table) return std::move(table).error();
  return io::propose_census_map(*table);
}

Result<io::CensusMap> parse_census_map_yaml(const std::string& text, const std::string& file) {
  return io::parse_census_map_yaml(text, file);
}

std::string census_map_yaml(const io::CensusMap& map) {
  return io::census_map_yaml(map);
}

Result<io::CensusMap> read_census_map(const fs::path& path) {
  auto text = io::read_text_file(path);
  if (!text) return std::move(text).error();
  return io::parse_census_map_yaml(*text, path.string());
}

Status write_census_map(const io::CensusMap& map, const fs::path& path) {
  const fs::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
  PLANWISE_RETURN_IF_ERROR(write_file(temp, io::census_map_yaml(map)));
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Error::make(ErrorKind::kStorage, "cannot write " + path.string());
  }
  return Status::success();
}

Result<CensusPreview> preview_census_import(const CensusSource& source, const io::CensusMap& map,
                                            const CensusImportOptions& options) {
  auto work = run_census_preview(source, map, options);
  if (!work) return std::move(work).error();
  return std::move(work->preview);
}

std::string census_issues_csv(const CensusPreview& preview) {
  std::string out = "severity,row,column,field,rule,value,message\n";
  for (const CensusIssue& i : preview.issues) {
    for (const std::string& cell : {std::string(issue_severity_name(i.severity)),
                                    std::to_string(i.row), i.column, i.field, i.rule, i.value}) {
      io::append_csv_field(out, cell);
      out += ',';
    }
    io::append_csv_field(out, i.message);
    out += '\n';
  }
  return out;
}

fs::path census_folder(const std::string& db_path) {
  return fs::absolute(db_path).parent_path() / "censuses";
}

Result<StoredCensus> confirm_census_import(const std::string& db_path, const CensusSource& source,
                                           const io::CensusMap& map, const std::string& name,
                                           const std::string& actor,
                                           const CensusImportOptions& options) {
  auto work = run_census_preview(source, map, options);
  if (!work) return std::move(work).error();
  const CensusPreview& p = work->preview;
  if (!p.can_confirm) return cannot_confirm(p);

  const std::string csv = census_csv(work->mapped.table);
  StoredCensus s;
  s.sha256 = io::sha256_text(csv);
  s.name = name.empty() ? fs::path(source.name()).stem().string() : name;
  s.source_name = source.name();
  s.path = census_folder(db_path) / (s.sha256 + ".csv");
  s.rows_total = p.counts.rows_total;
  s.active = p.counts.active;
  s.terminated = p.counts.terminated;
  s.excluded = p.counts.excluded;
  s.map_yaml = io::census_map_yaml(p.map);
  s.imported_at = utc_now_iso();
  s.imported_by = actor;

  std::error_code ec;
  fs::create_directories(s.path.parent_path(), ec);
  // Only the owner may list or read stored censuses (personal data).
  if (!ec)
    fs::permissions(s.path.parent_path(), fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return Error::make(ErrorKind::kStorage, "cannot make " + s.path.parent_path().string());
  // The stored census holds SSNs, birth dates and pay: written through a
  // temporary of mode 0600, which goes on any error.
  auto temp = TempBeside::create(s.path);
  if (!temp) return std::move(temp).error();
  if (!temp->write(csv.data(), csv.size())) return file_write_error(s.path, std::strerror(errno));
  // From here on an error removes what was written: the temp file, or the
  // stored file if the transaction does not commit.
  auto stored = [&]() -> Status {
    auto db = store::Database::open(db_path, store::OpenMode::kReadWrite);
    if (!db) return std::move(db).error();
    auto tx = store::Transaction::begin(**db);
    if (!tx) return std::move(tx).error();
    PLANWISE_RETURN_IF_ERROR(store::ensure_census_tables(**db));
    auto taken = store::find_census_row(**db, s.sha256, s.name);
    if (!taken) return std::move(taken).error();
    if (*taken) {
      return Error::make(ErrorKind::kConflict,
                         (*taken)->sha256 == s.sha256
                             ? "this census is already stored as '" + (*taken)->name + "'"
                             : "a census named '" + s.name + "' already exists");
    }
    PLANWISE_RETURN_IF_ERROR(store::insert_census(
        **db, {s.sha256, s.name, s.source_name, static_cast<std::int64_t>(s.rows_total),
               static_cast<std::int64_t>(s.active), static_cast<std::int64_t>(s.terminated),
               static_cast<std::int64_t>(s.excluded), s.map_yaml, s.imported_at, s.imported_by}));
    store::AuditRow entry;
    entry.occurred_at = s.imported_at;
    entry.event_type = kCensusImported;
    entry.actor = actor;
    entry.details = audit_details(s);
    PLANWISE_RETURN_IF_ERROR(levers::append_audit(**db, {entry}));
    PLANWISE_RETURN_IF_ERROR(temp->keep_as(s.path));
    Status committed = tx->commit();
    std::error_code remove_ec;
    if (!committed.ok()) fs::remove(s.path, remove_ec);
    return committed;
  }();
  if (!stored.ok()) return stored.error();
  return s;
}

Result<std::vector<StoredCensus>> list_censuses(const std::string& db_path) {
  auto db = open_existing_database(db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  auto rows = store::census_rows(**db);
  if (!rows) return std::move(rows).error();
  std::vector<StoredCensus> out;
  for (const store::CensusRow& r : *rows) out.push_back(stored_of(r, db_path));
  return out;
}

Result<StoredCensus> find_census(const std::string& db_path, const std::string& sha_or_name) {
  auto all = list_censuses(db_path);
  if (!all) return std::move(all).error();
  const StoredCensus* found = nullptr;
  for (const StoredCensus& c : *all) {
    const bool by_sha = sha_or_name.size() >= 8 && c.sha256.rfind(sha_or_name, 0) == 0;
    if (c.name == sha_or_name || by_sha) {
      if (found != nullptr) {
        return Error::invalid_input("command line", 0, "census", "census_unique", sha_or_name,
                                    "more than one stored census matches; give more of the hash");
      }
      found = &c;
    }
  }
  if (found == nullptr) {
    return Error::make(ErrorKind::kNotFound, "no stored census named or hashed '" + sha_or_name +
                                                 "' (see planwise census list)");
  }
  return *found;
}

Result<fs::path> census_file_argument(const std::string& db_path,
                                      const std::string& file_or_stored) {
  // What looks like a path stays a path, so a missing file keeps the
  // census reader's own error.
  const fs::path as_path(file_or_stored);
  const bool path_like = file_or_stored.find('/') != std::string::npos ||
                         as_path.extension() == ".csv" || as_path.extension() == ".parquet";
  std::error_code ec;
  if (path_like || fs::exists(as_path, ec) || !fs::exists(db_path, ec)) return as_path;
  auto stored = find_census(db_path, file_or_stored);
  if (stored) return stored->path;
  if (stored.error().kind != ErrorKind::kNotFound) return std::move(stored).error();
  return Error::make(ErrorKind::kNotFound, "--census " + file_or_stored +
                                               ": no such file, and no census of that name or "
                                               "hash is stored in " +
                                               db_path);
}

}  // namespace planwise::app
