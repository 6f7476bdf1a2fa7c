// The Parquet file layout (parquet-format, "File format" and "Data pages"):
//   "PAR1" | per row group, per column: page header, page | footer | footer
//   length (4 bytes LE) | "PAR1"
// Page headers and the footer are Thrift structs in the compact protocol.
// One data page per column chunk, its values PLAIN or, for a column of few
// distinct values, indices into a dictionary page before it; an OPTIONAL
// column's page starts with its definition levels (1 bit each) as one
// bit-packed run of the RLE/bit-packing hybrid, behind its 4-byte length.
#include "store/parquet_writer.hpp"

#include "store/parquet_format.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>
#include <type_traits>

namespace planwise::store {

namespace pf = parquet_format;

struct ParquetWriter::ColumnBuffer {
  // Packs 1-bit values LSB first, as both PLAIN booleans and bit-packed
  // definition levels are laid out.
  struct BitPacker {
    std::string bytes;
    std::size_t count = 0;
    void push(bool bit) {
      if (count % 8 == 0) bytes.push_back('\0');
      if (bit) bytes.back() = static_cast<char>(bytes.back() | (1 << (count % 8)));
      ++count;
    }
    void clear() {
      bytes.clear();
      count = 0;
    }
  };

  std::string values;  // PLAIN, non-null values only (booleans in `bits`)
  BitPacker bits;
  BitPacker defined;  // one bit a row: 1 present, 0 null (OPTIONAL columns)
  std::int64_t nulls = 0;
  std::int64_t min = std::numeric_limits<std::int64_t>::max();
  std::int64_t max = std::numeric_limits<std::int64_t>::min();
  void clear() {
    values.clear();
    bits.clear();
    defined.clear();
    nulls = 0;
    min = std::numeric_limits<std::int64_t>::max();
    max = std::numeric_limits<std::int64_t>::min();
  }
};

namespace {

// Rows per row group: DuckDB reads a file's row groups in parallel.
constexpr std::size_t kParquetRowGroupRows = 122880;

}  // namespace

Result<std::unique_ptr<ParquetWriter>> ParquetWriter::create(std::filesystem::path path,
                                                             std::vector<ParquetColumn> schema) {
  // Unique within the process too: the server's threads may write at once.
  static std::atomic<unsigned> counter{0};
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) {
    return Error::make(ErrorKind::kStorage, "cannot create " + temp.string() + ": " +
                                                std::generic_category().message(errno));
  }
  auto writer = std::unique_ptr<ParquetWriter>(
      new ParquetWriter(std::move(path), std::move(temp), file, std::move(schema)));
  writer->write_bytes("PAR1", 4);
  PLANWISE_RETURN_IF_ERROR(writer->status());
  return writer;
}

ParquetWriter::ParquetWriter(std::filesystem::path path, std::filesystem::path temp,
                             std::FILE* file, std::vector<ParquetColumn> schema)
    : path_(std::move(path)), temp_(std::move(temp)), file_(file), schema_(std::move(schema)) {
  const std::size_t n = schema_.size();
  columns_.fixed_.assign(n, std::vector<std::uint64_t>(kChunkRows));
  columns_.nulls_.assign(n, std::vector<std::uint8_t>(kChunkRows));
  columns_.text_.assign(n, std::vector<std::pair<std::uint32_t, std::uint32_t>>(kChunkRows));
  columns_.text_bytes_.assign(n, std::string());
  buffers_.resize(n);
}

ParquetWriter::~ParquetWriter() {
  if (file_ != nullptr) std::fclose(file_);
  if (!finished_) {
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void ParquetWriter::fail(const std::string& what, int err) {
  if (!error_.message.empty()) return;
  error_ = Error::make(ErrorKind::kStorage,
                       what + " " + temp_.string() + ": " + std::generic_category().message(err));
}

void ParquetWriter::write_bytes(const void* data, std::size_t size) {
  if (!error_.message.empty() || size == 0) return;
  if (std::fwrite(data, 1, size, file_) != size) fail("cannot write", errno != 0 ? errno : EIO);
  offset_ += size;
}

void ParquetWriter::start_chunk() {
  for (std::size_t c = 0; c < schema_.size(); ++c) {
    columns_.text_bytes_[c].clear();
    if (schema_[c].nullable) std::memset(columns_.nulls_[c].data(), 0, columns_.nulls_[c].size());
  }
}

namespace {

// Appends the chunk's non-null values of one fixed-width column as `Out`,
// tracking min and max when `stats`.
template <class Out, class In>
void append_fixed(ParquetWriter::ColumnBuffer& b, const In* in, const std::uint8_t* nulls,
                  std::size_t rows, bool stats) {
  const std::size_t old = b.values.size();
  b.values.resize(old + rows * sizeof(Out));
  char* out = b.values.data() + old;
  std::size_t kept = 0;
  std::int64_t lo = b.min;
  std::int64_t hi = b.max;
  for (std::size_t k = 0; k < rows; ++k) {
    if (nulls != nullptr && nulls[k] != 0) continue;
    const Out v = static_cast<Out>(in[k]);
    std::memcpy(out + kept * sizeof(Out), &v, sizeof(Out));
    ++kept;
    if constexpr (std::is_integral_v<Out>) {
      if (stats) {
        lo = std::min<std::int64_t>(lo, static_cast<std::int64_t>(v));
        hi = std::max<std::int64_t>(hi, static_cast<std::int64_t>(v));
      }
    }
  }
  b.values.resize(old + kept * sizeof(Out));
  b.min = lo;
  b.max = hi;
}

}  // namespace

void ParquetWriter::take_chunk(std::size_t rows) {
  for (std::size_t c = 0; c < schema_.size(); ++c) {
    const ParquetKind kind = schema_[c].kind;
    const std::uint8_t* nulls = schema_[c].nullable ? columns_.nulls_[c].data() : nullptr;
    const void* slots = columns_.fixed_[c].data();
    ColumnBuffer& b = buffers_[c];
    if (nulls != nullptr) {
      for (std::size_t k = 0; k < rows; ++k) {
        b.defined.push(nulls[k] == 0);
        b.nulls += nulls[k] != 0 ? 1 : 0;
      }
    }
    const bool stats = pf::has_statistics(kind);
    switch (kind) {
      case ParquetKind::kBigint:
      case ParquetKind::kUbigint:
        append_fixed<std::int64_t>(b, static_cast<const std::int64_t*>(slots), nulls, rows, stats);
        break;
      case ParquetKind::kSmallint:
        append_fixed<std::int32_t>(b, static_cast<const std::int16_t*>(slots), nulls, rows, stats);
        break;
      case ParquetKind::kUtinyint:
        append_fixed<std::int32_t>(b, static_cast<const std::uint8_t*>(slots), nulls, rows, stats);
        break;
      case ParquetKind::kDate:
        append_fixed<std::int32_t>(b, static_cast<const std::int32_t*>(slots), nulls, rows, stats);
        break;
      case ParquetKind::kDouble:
        append_fixed<double>(b, static_cast<const double*>(slots), nulls, rows, false);
        break;
      case ParquetKind::kBoolean:
        for (std::size_t k = 0; k < rows; ++k) {
          if (nulls == nullptr || nulls[k] == 0) b.bits.push(static_cast<const bool*>(slots)[k]);
        }
        break;
      case ParquetKind::kVarchar:
        for (std::size_t k = 0; k < rows; ++k) {
          if (nulls != nullptr && nulls[k] != 0) continue;
          const auto [offset, size] = columns_.text_[c][k];
          pf::put_le(b.values, size);
          b.values.append(columns_.text_bytes_[c], offset, size);
        }
        break;
    }
  }
  group_rows_ += rows;
  total_rows_ += static_cast<std::int64_t>(rows);
  if (group_rows_ >= kParquetRowGroupRows) write_row_group();
}

namespace {

// A page header: DATA_PAGE (0) with its values' encoding, or
// DICTIONARY_PAGE (2) of `values` PLAIN entries.
std::string page_header(int type, std::size_t size, std::int64_t values, std::int32_t encoding) {
  pf::ParquetThrift page;
  page.i32(1, type);
  page.i32(2, static_cast<std::int32_t>(size));
  page.i32(3, static_cast<std::int32_t>(size));
  if (type == 0) {
    page.begin_struct(5);  // DataPageHeader
    page.i32(1, static_cast<std::int32_t>(values));
    page.i32(2, encoding);
    page.i32(3, pf::kParquetRle);
    page.i32(4, pf::kParquetRle);
  } else {
    page.begin_struct(7);  // DictionaryPageHeader
    page.i32(1, static_cast<std::int32_t>(values));
    page.i32(2, pf::kParquetPlain);
  }
  page.end_struct();
  page.end_struct();
  return std::move(page.out());
}

// An integer column whose values span few distinct numbers is written as a
// dictionary of every number from its min to its max, and each value as
// its index v - min at the fewest bits: a level or a year costs a few bits
// instead of four bytes. Chosen when the dictionary is under half the
// PLAIN values.
template <class T>
std::size_t dictionary_encode(const std::string& plain, std::int64_t min, std::int64_t max,
                              std::string& dictionary, std::string& data) {
  const std::size_t count = plain.size() / sizeof(T);
  if (count == 0 || min > max) return 0;
  const auto span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
  if (span >= (1u << 16) || (span + 1) * sizeof(T) * 2 > plain.size()) return 0;
  for (std::uint64_t v = 0; v <= span; ++v)
    pf::put_le(dictionary, static_cast<T>(min + static_cast<std::int64_t>(v)));
  std::vector<std::uint32_t> indices(count);
  for (std::size_t k = 0; k < count; ++k) {
    T v;
    std::memcpy(&v, plain.data() + k * sizeof(T), sizeof(T));
    indices[k] = static_cast<std::uint32_t>(static_cast<std::int64_t>(v) - min);
  }
  pf::put_dictionary_indices(data, indices, span + 1);
  return span + 1;
}

// Text with at most 64 distinct values (a band, a status, the run's id) is
// dictionary encoded the same way; an id column stops at its 65th value.
std::size_t dictionary_encode_text(const std::string& plain, std::string& dictionary,
                                   std::string& data) {
  constexpr std::size_t kMostEntries = 64;
  std::vector<std::string_view> entries;
  std::vector<std::uint32_t> indices;
  for (std::size_t pos = 0; pos + 4 <= plain.size();) {
    std::uint32_t size;
    std::memcpy(&size, plain.data() + pos, 4);
    const std::string_view text(plain.data() + pos + 4, size);
    pos += 4 + size;
    std::size_t e = 0;
    while (e < entries.size() && entries[e] != text) ++e;
    if (e == entries.size()) {
      if (entries.size() == kMostEntries) return 0;
      entries.push_back(text);
    }
    indices.push_back(static_cast<std::uint32_t>(e));
  }
  if (entries.empty()) return 0;
  for (std::string_view text : entries) {
    pf::put_le(dictionary, static_cast<std::uint32_t>(text.size()));
    dictionary.append(text);
  }
  if (dictionary.size() * 2 > plain.size()) return 0;
  pf::put_dictionary_indices(data, indices, entries.size());
  return entries.size();
}

}  // namespace

void ParquetWriter::write_row_group() {
  if (group_rows_ == 0 || !error_.message.empty()) return;
  pf::ParquetThrift group;
  group.begin_element();
  group.list(1, pf::kThriftStruct, schema_.size());
  std::int64_t group_bytes = 0;
  for (std::size_t c = 0; c < schema_.size(); ++c) {
    const ParquetColumn& column = schema_[c];
    ColumnBuffer& b = buffers_[c];
    std::string levels;
    if (column.nullable) {
      std::string run;
      pf::put_varint(run, (static_cast<std::uint64_t>((b.defined.count + 7) / 8) << 1) | 1);
      pf::put_le(levels, static_cast<std::uint32_t>(run.size() + b.defined.bytes.size()));
      levels += run;
      levels += b.defined.bytes;
    }
    std::string dictionary, indices;
    std::size_t entries = 0;
    if (pf::has_statistics(column.kind)) {
      entries = pf::physical_type(column.kind) == pf::kParquetInt64
                    ? dictionary_encode<std::int64_t>(b.values, b.min, b.max, dictionary, indices)
                    : dictionary_encode<std::int32_t>(b.values, b.min, b.max, dictionary, indices);
    } else if (column.kind == ParquetKind::kVarchar) {
      entries = dictionary_encode_text(b.values, dictionary, indices);
    }
    const bool dictionary_encoded = entries > 0;
    const std::uint64_t chunk_offset = offset_;
    std::int64_t chunk_bytes = 0;
    if (dictionary_encoded) {
      const std::string header =
          page_header(2, dictionary.size(), static_cast<std::int64_t>(entries), 0);
      write_bytes(header.data(), header.size());
      write_bytes(dictionary.data(), dictionary.size());
      chunk_bytes += static_cast<std::int64_t>(header.size() + dictionary.size());
    }
    const std::uint64_t data_offset = offset_;
    const std::string& values = dictionary_encoded                     ? indices
                                : column.kind == ParquetKind::kBoolean ? b.bits.bytes
                                                                       : b.values;
    const std::size_t page_size = levels.size() + values.size();
    const std::string header =
        page_header(0, page_size, static_cast<std::int64_t>(group_rows_),
                    dictionary_encoded ? pf::kParquetRleDictionary : pf::kParquetPlain);
    write_bytes(header.data(), header.size());
    write_bytes(levels.data(), levels.size());
    write_bytes(values.data(), values.size());
    chunk_bytes += static_cast<std::int64_t>(header.size() + page_size);
    group_bytes += chunk_bytes;

    group.begin_element();  // ColumnChunk
    group.i64(2, static_cast<std::int64_t>(chunk_offset));
    group.begin_struct(3);  // ColumnMetaData
    group.i32(1, pf::physical_type(column.kind));
    group.list(2, pf::kThriftI32, 1 + (column.nullable ? 1 : 0) + (dictionary_encoded ? 1 : 0));
    group.raw_i32(pf::kParquetPlain);
    if (column.nullable) group.raw_i32(pf::kParquetRle);
    if (dictionary_encoded) group.raw_i32(pf::kParquetRleDictionary);
    group.list(3, pf::kThriftBinary, 1);
    group.raw_binary(column.name);
    group.i32(4, 0);  // UNCOMPRESSED
    group.i64(5, static_cast<std::int64_t>(group_rows_));
    group.i64(6, chunk_bytes);
    group.i64(7, chunk_bytes);
    group.i64(9, static_cast<std::int64_t>(data_offset));
    if (dictionary_encoded) group.i64(11, static_cast<std::int64_t>(chunk_offset));
    if (pf::has_statistics(column.kind)) {
      group.begin_struct(12);
      group.i64(3, b.nulls);
      if (b.min <= b.max) {
        std::string lo, hi;
        if (pf::physical_type(column.kind) == pf::kParquetInt64) {
          pf::put_le(hi, b.max);
          pf::put_le(lo, b.min);
        } else {
          pf::put_le(hi, static_cast<std::int32_t>(b.max));
          pf::put_le(lo, static_cast<std::int32_t>(b.min));
        }
        group.binary(5, hi);
        group.binary(6, lo);
      }
      group.end_struct();
    }
    group.end_struct();  // ColumnMetaData
    group.end_struct();  // ColumnChunk
    b.clear();
  }
  group.i64(2, group_bytes);
  group.i64(3, static_cast<std::int64_t>(group_rows_));
  group.end_struct();
  footer_row_groups_ += group.out();
  ++row_group_count_;
  group_rows_ = 0;
  // Start writing the group to the disk now, while the engine goes on, so
  // that finish()'s sync waits only for the last group. A hint: a failure
  // here is met again by the sync, which reports it.
  if (error_.message.empty() && std::fflush(file_) == 0)
    ::sync_file_range(::fileno(file_), 0, 0, SYNC_FILE_RANGE_WRITE);
}

Status ParquetWriter::finish() {
  write_row_group();
  pf::ParquetThrift meta;
  meta.i32(1, 1);
  meta.list(2, pf::kThriftStruct, schema_.size() + 1);
  meta.begin_element();
  meta.binary(4, "schema");
  meta.i32(5, static_cast<std::int32_t>(schema_.size()));
  meta.end_struct();
  for (const ParquetColumn& column : schema_) {
    meta.begin_element();
    meta.i32(1, pf::physical_type(column.kind));
    meta.i32(3, column.nullable ? 1 : 0);  // OPTIONAL : REQUIRED
    meta.binary(4, column.name);
    if (pf::converted_type(column.kind) != pf::kParquetNoConverted)
      meta.i32(6, pf::converted_type(column.kind));
    meta.end_struct();
  }
  meta.i64(3, total_rows_);
  meta.list(4, pf::kThriftStruct, row_group_count_);
  meta.append_encoded(footer_row_groups_);
  meta.binary(6, "planwise");
  meta.out().push_back('\0');
  const std::string& footer = meta.out();
  write_bytes(footer.data(), footer.size());
  std::string tail;
  pf::put_le(tail, static_cast<std::uint32_t>(footer.size()));
  tail += "PAR1";
  write_bytes(tail.data(), tail.size());
  PLANWISE_RETURN_IF_ERROR(status());
  if (std::fflush(file_) != 0) fail("cannot write", errno);
  if (error_.message.empty() && ::fdatasync(::fileno(file_)) != 0) fail("cannot sync", errno);
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) fail("cannot close", errno);
  PLANWISE_RETURN_IF_ERROR(status());
  std::error_code ec;
  std::filesystem::rename(temp_, path_, ec);
  if (ec) {
    error_ = Error::make(ErrorKind::kStorage, "cannot rename " + temp_.string() + " to " +
                                                  path_.string() + ": " + ec.message());
    return status();
  }
  // The rename itself reaches the disk before the run's commit does.
  const int folder = ::open(path_.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
  finished_ = true;
  return Status::success();
}

std::vector<ParquetColumn> ParquetCellWriter::schema_of(const engine::TableDef& table) {
  std::vector<ParquetColumn> schema = {{"run_id", ParquetKind::kVarchar, false}};
  for (const engine::ColumnDef& c : table.columns) {
    ParquetKind kind = ParquetKind::kVarchar;
    switch (c.type) {
      case engine::ColumnType::kText:
        kind = ParquetKind::kVarchar;
        break;
      case engine::ColumnType::kInt:
        kind = ParquetKind::kBigint;
        break;
      case engine::ColumnType::kDouble:
      case engine::ColumnType::kMoney:
        kind = ParquetKind::kDouble;
        break;
      case engine::ColumnType::kDate:
        kind = ParquetKind::kDate;
        break;
      case engine::ColumnType::kBool:
        kind = ParquetKind::kBoolean;
        break;
    }
    schema.push_back({std::string(c.name), kind, true});
  }
  return schema;
}

ParquetCellWriter::ParquetCellWriter(ParquetWriter& writer, std::string run_id)
    : writer_(writer), run_id_(std::move(run_id)) {
  writer_.start_chunk();
}

void ParquetCellWriter::end_row() {
  writer_.columns_.set_text(0, row_, run_id_);
  column_ = 1;
  if (++row_ == ParquetWriter::kChunkRows) {
    writer_.take_chunk(row_);
    row_ = 0;
    writer_.start_chunk();
  }
}

Status ParquetCellWriter::flush() {
  if (row_ > 0) writer_.take_chunk(row_);
  row_ = 0;
  return writer_.status();
}

}  // namespace planwise::store
