// Internal to store/: the pieces of the Parquet format the store's writer
// uses (parquet-format's parquet.thrift and "Encodings"): a Thrift
// compact-protocol encoder, the enums, and the RLE/bit-packing hybrid.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "store/parquet_writer.hpp"

namespace planwise::store::parquet_format {

// Thrift compact protocol type ids.
enum ThriftType : std::uint8_t {
  kThriftI32 = 5,
  kThriftI64 = 6,
  kThriftBinary = 8,
  kThriftList = 9,
  kThriftStruct = 12
};

// Unsigned LEB128, as Thrift and the hybrid encoding write lengths.
inline void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Thrift's zigzag form of a signed integer, then its varint.
inline void put_zigzag(std::string& out, std::int64_t v) {
  put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

// A Thrift compact-protocol encoder for the few shapes Parquet's metadata
// needs: i32, i64, binary, lists and nested structs.
class ParquetThrift {
 public:
  void i32(std::int16_t id, std::int32_t v) {
    field(id, kThriftI32);
    raw_i32(v);
  }
  void i64(std::int16_t id, std::int64_t v) {
    field(id, kThriftI64);
    put_zigzag(out_, v);
  }
  void binary(std::int16_t id, std::string_view bytes) {
    field(id, kThriftBinary);
    raw_binary(bytes);
  }
  void raw_binary(std::string_view bytes) {
    put_varint(out_, bytes.size());
    out_.append(bytes);
  }
  void raw_i32(std::int32_t v) { put_zigzag(out_, v); }
  void list(std::int16_t id, std::uint8_t element, std::size_t size) {
    field(id, kThriftList);
    if (size < 15) {
      out_.push_back(static_cast<char>((size << 4) | element));
    } else {
      out_.push_back(static_cast<char>(0xF0 | element));
      put_varint(out_, size);
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
  // A field's header: the id as a delta from the last when it fits in 4
  // bits, else in full after the type.
  void field(std::int16_t id, std::uint8_t type) {
    const int delta = id - last_.back();
    if (delta > 0 && delta <= 15) {
      out_.push_back(static_cast<char>((delta << 4) | type));
    } else {
      out_.push_back(static_cast<char>(type));
      put_zigzag(out_, id);
    }
    last_.back() = id;
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
inline constexpr std::int32_t kParquetPlain = 0;
inline constexpr std::int32_t kParquetRle = 3;
inline constexpr std::int32_t kParquetRleDictionary = 8;

inline ParquetPhysical physical_type(ParquetKind kind) {
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

inline ParquetConverted converted_type(ParquetKind kind) {
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
inline bool has_statistics(ParquetKind kind) {
  return kind == ParquetKind::kBigint || kind == ParquetKind::kSmallint ||
         kind == ParquetKind::kUtinyint || kind == ParquetKind::kDate;
}

template <class T>
inline void put_le(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

// The RLE/bit-packing hybrid of `indices` at `width` bits (1..16): one RLE
// run when they are all the same, else one bit-packed run, LSB first, the
// last group of eight padded with zeros.
inline void put_hybrid(std::string& out, const std::vector<std::uint32_t>& indices, int width) {
  const std::size_t n = indices.size();
  bool same = true;
  for (std::size_t k = 1; k < n && same; ++k) same = indices[k] == indices[0];
  if (same) {
    put_varint(out, static_cast<std::uint64_t>(n) << 1);
    const std::uint32_t v = n > 0 ? indices[0] : 0;
    for (int byte = 0; byte < (width + 7) / 8; ++byte)
      out.push_back(static_cast<char>((v >> (8 * byte)) & 0xFF));
    return;
  }
  const std::size_t groups = (n + 7) / 8;
  put_varint(out, (static_cast<std::uint64_t>(groups) << 1) | 1);
  std::uint64_t bits = 0;
  int held = 0;
  for (std::size_t k = 0; k < groups * 8; ++k) {
    bits |= static_cast<std::uint64_t>(k < n ? indices[k] : 0) << held;
    held += width;
    while (held >= 8) {
      out.push_back(static_cast<char>(bits & 0xFF));
      bits >>= 8;
      held -= 8;
    }
  }
}

// A dictionary-encoded page's values: the bit width of an index into
// `entries` entries (at least 1), then the indices in the hybrid encoding.
inline void put_dictionary_indices(std::string& out, const std::vector<std::uint32_t>& indices,
                                   std::size_t entries) {
  int width = 1;
  while (width < 32 && (std::uint64_t{1} << width) < entries) ++width;
  out.push_back(static_cast<char>(width));
  put_hybrid(out, indices, width);
}

}  // namespace planwise::store::parquet_format
