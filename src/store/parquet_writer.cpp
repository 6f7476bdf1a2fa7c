// The Parquet file layout (parquet-format, "File format" and "Data pages"):
//   "PAR1" | per row group, per column: page header, page | footer | footer
//   length (4 bytes LE) | "PAR1"
// Page headers and the footer are ParquetThrift structs in the compact protocol.
// One data page per column chunk; values PLAIN; an OPTIONAL column's page
// starts with its definition levels (1 bit each) as one bit-packed run of
// the RLE/bit-packing hybrid, behind its 4-byte length.
#include "store/parquet_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>
#include <type_traits>

namespace planwise::store {

namespace {

// ParquetThrift compact protocol type ids.
enum ThriftType : std::uint8_t {
  kThriftI32 = 5,
  kThriftI64 = 6,
  kThriftBinary = 8,
  kThriftList = 9,
  kThriftStruct = 12
};

// A ParquetThrift compact-protocol encoder for the few shapes Parquet's metadata
// needs: i32, i64, binary, lists and nested structs.
class ParquetThrift {
 public:
  void i32(std::int16_t id, std::int32_t v) {
    field(id, kThriftI32);
    varint((static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31));
  }
  void i64(std::int16_t id, std::int64_t v) {
    field(id, kThriftI64);
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void binary(std::int16_t id, std::string_view bytes) {
    field(id, kThriftBinary);
    raw_binary(bytes);
  }
  void raw_binary(std::string_view bytes) {
    varint(bytes.size());
    out_.append(bytes);
  }
  void raw_i32(std::int32_t v) {
    varint((static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31));
  }
  void list(std::int16_t id, std::uint8_t element, std::size_t size) {
    field(id, kThriftList);
    if (size < 15) {
      out_.push_back(static_cast<char>((size << 4) | element));
    } else {
      out_.push_back(static_cast<char>(0xF0 | element));
      varint(size);
    }
  }
  void begin_struct(std::int16_t id) {
    field(id, kThriftStruct);
    begin_element();
  }
  // A struct that is a list element: no field header of its own.
  void begin_element() { last_.push_back(0); }
  void end_struct() {
    out_.push_back('\0');
    last_.pop_back();
  }
  void append_encoded(std::string_view bytes) { out_.append(bytes); }
  std::string& out() { return out_; }

 private:
  void field(std::int16_t id, std::uint8_t type) {
    const int delta = id - last_.back();
    if (delta > 0 && delta <= 15) {
      out_.push_back(static_cast<char>((delta << 4) | type));
    } else {
      out_.push_back(static_cast<char>(type));
      varint((static_cast<std::uint32_t>(id) << 1) ^ static_cast<std::uint32_t>(id >> 15));
    }
    last_.back() = id;
  }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }

  std::string out_;
  std::vector<std::int16_t> last_{0};
};

// parquet.thrift enums.
enum ParquetPhysical : std::int32_t {
  kParquetBoolean = 0,
  kParquetInt32 = 1,
  kParquetInt64 = 2,
  kParquetDouble = 5,
  kParquetByteArray = 6
};
enum ParquetConverted : std::int32_t {
  kParquetUtf8 = 0,
  kParquetDate = 6,
  kParquetUint8 = 11,
  kParquetUint64 = 14,
  kParquetInt16 = 16,
  kParquetNoConverted = -1
};
constexpr std::int32_t kParquetPlain = 0;
constexpr std::int32_t kParquetRle = 3;

ParquetPhysical physical_type(ParquetKind kind) {
  switch (kind) {
    case ParquetKind::kBigint:
    case ParquetKind::kUbigint:
      return kParquetInt64;
    case ParquetKind::kSmallint:
    case ParquetKind::kUtinyint:
    case ParquetKind::kDate:
      return kParquetInt32;
    case ParquetKind::kDouble:
      return kParquetDouble;
    case ParquetKind::kBoolean:
      return kParquetBoolean;
    case ParquetKind::kVarchar:
      return kParquetByteArray;
  }
  return kParquetInt64;
}

ParquetConverted converted_type(ParquetKind kind) {
  switch (kind) {
    case ParquetKind::kUbigint:
      return kParquetUint64;
    case ParquetKind::kSmallint:
      return kParquetInt16;
    case ParquetKind::kUtinyint:
      return kParquetUint8;
    case ParquetKind::kDate:
      return kParquetDate;
    case ParquetKind::kVarchar:
      return kParquetUtf8;
    default:
      return kParquetNoConverted;
  }
}

// Min and max in the footer let DuckDB skip a file whose run it does not
// want; written for the signed integer kinds, whose order is plain.
bool has_statistics(ParquetKind kind) {
  return kind == ParquetKind::kBigint || kind == ParquetKind::kSmallint ||
         kind == ParquetKind::kUtinyint || kind == ParquetKind::kDate;
}

template <class T>
void put_le(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

}  // namespace

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
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid());
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
    const bool stats = has_statistics(kind);
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
          put_le(b.values, size);
          b.values.append(columns_.text_bytes_[c], offset, size);
        }
        break;
    }
  }
  group_rows_ += rows;
  total_rows_ += static_cast<std::int64_t>(rows);
  if (group_rows_ >= kParquetRowGroupRows) write_row_group();
}

void ParquetWriter::write_row_group() {
  if (group_rows_ == 0 || !error_.message.empty()) return;
  ParquetThrift group;
  group.begin_element();
  group.list(1, kThriftStruct, schema_.size());
  std::int64_t group_bytes = 0;
  for (std::size_t c = 0; c < schema_.size(); ++c) {
    const ParquetColumn& column = schema_[c];
    ColumnBuffer& b = buffers_[c];
    std::string levels;
    if (column.nullable) {
      // One bit-packed run: header (groups of 8 << 1 | 1), then the bits.
      const std::size_t groups = (b.defined.count + 7) / 8;
      std::string header;
      for (std::uint64_t v = (groups << 1) | 1;; v >>= 7) {
        if (v < 0x80) {
          header.push_back(static_cast<char>(v));
          break;
        }
        header.push_back(static_cast<char>((v & 0x7F) | 0x80));
      }
      put_le(levels, static_cast<std::uint32_t>(header.size() + b.defined.bytes.size()));
      levels += header;
      levels += b.defined.bytes;
    }
    const std::string& values = column.kind == ParquetKind::kBoolean ? b.bits.bytes : b.values;
    const std::size_t page_size = levels.size() + values.size();
    ParquetThrift page;
    page.i32(1, 0);  // DATA_PAGE
    page.i32(2, static_cast<std::int32_t>(page_size));
    page.i32(3, static_cast<std::int32_t>(page_size));
    page.begin_struct(5);
    page.i32(1, static_cast<std::int32_t>(group_rows_));
    page.i32(2, kParquetPlain);
    page.i32(3, kParquetRle);
    page.i32(4, kParquetRle);
    page.end_struct();
    page.end_struct();
    const std::uint64_t page_offset = offset_;
    write_bytes(page.out().data(), page.out().size());
    write_bytes(levels.data(), levels.size());
    write_bytes(values.data(), values.size());
    const auto chunk_bytes = static_cast<std::int64_t>(page.out().size() + page_size);
    group_bytes += chunk_bytes;

    group.begin_element();  // ColumnChunk
    group.i64(2, static_cast<std::int64_t>(page_offset));
    group.begin_struct(3);  // ColumnMetaData
    group.i32(1, physical_type(column.kind));
    group.list(2, kThriftI32, column.nullable ? 2 : 1);
    group.raw_i32(kParquetPlain);
    if (column.nullable) group.raw_i32(kParquetRle);
    group.list(3, kThriftBinary, 1);
    group.raw_binary(column.name);
    group.i32(4, 0);  // UNCOMPRESSED
    group.i64(5, static_cast<std::int64_t>(group_rows_));
    group.i64(6, chunk_bytes);
    group.i64(7, chunk_bytes);
    group.i64(9, static_cast<std::int64_t>(page_offset));
    if (has_statistics(column.kind)) {
      group.begin_struct(12);
      group.i64(3, b.nulls);
      if (b.min <= b.max) {
        std::string lo, hi;
        if (physical_type(column.kind) == kParquetInt64) {
          put_le(hi, b.max);
          put_le(lo, b.min);
        } else {
          put_le(hi, static_cast<std::int32_t>(b.max));
          put_le(lo, static_cast<std::int32_t>(b.min));
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
}

Status ParquetWriter::finish() {
  write_row_group();
  ParquetThrift meta;
  meta.i32(1, 1);
  meta.list(2, kThriftStruct, schema_.size() + 1);
  meta.begin_element();
  meta.binary(4, "schema");
  meta.i32(5, static_cast<std::int32_t>(schema_.size()));
  meta.end_struct();
  for (const ParquetColumn& column : schema_) {
    meta.begin_element();
    meta.i32(1, physical_type(column.kind));
    meta.i32(3, column.nullable ? 1 : 0);  // OPTIONAL : REQUIRED
    meta.binary(4, column.name);
    if (converted_type(column.kind) != kParquetNoConverted)
      meta.i32(6, converted_type(column.kind));
    meta.end_struct();
  }
  meta.i64(3, total_rows_);
  meta.list(4, kThriftStruct, row_group_count_);
  meta.append_encoded(footer_row_groups_);
  meta.binary(6, "planwise");
  meta.out().push_back('\0');
  const std::string& footer = meta.out();
  write_bytes(footer.data(), footer.size());
  std::string tail;
  put_le(tail, static_cast<std::uint32_t>(footer.size()));
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
