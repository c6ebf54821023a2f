#pragma once
// cereal archives over memory instead of iostreams, byte-for-byte compatible with cereal's
// PortableBinary archives on little-endian machines (a leading byte 1, then every value in
// little-endian order, sizes as uint64). They exist because constructing an istream per event
// cost more than decoding the event; replay must decode a million events a second.
//
//   std::string bytes;
//   { MemoryOutputArchive out(bytes); out(event); }
//   MemoryInputArchive in(bytes); in(decoded);   // throws cereal::Exception on short input

#include <bit>
#include <cereal/cereal.hpp>
#include <cstring>
#include <string>
#include <string_view>

namespace factura::eventstore {

static_assert(std::endian::native == std::endian::little,
              "MemoryArchives write native order; a big-endian port must swap like PortableBinary");

class MemoryOutputArchive
    : public cereal::OutputArchive<MemoryOutputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit MemoryOutputArchive(std::string& out)
      : OutputArchive<MemoryOutputArchive, cereal::AllowEmptyClassElision>(this), out_(out) {
    out_.push_back(1);  // PortableBinary's "data is little-endian" byte
  }
  void saveBinary(const void* data, std::size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

class MemoryInputArchive
    : public cereal::InputArchive<MemoryInputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit MemoryInputArchive(std::string_view in)
      : InputArchive<MemoryInputArchive, cereal::AllowEmptyClassElision>(this), in_(in) {
    uint8_t little_endian = 0;
    loadBinary(&little_endian, 1);
    if (little_endian != 1) throw cereal::Exception("payload is not little-endian portable binary");
  }
  void loadBinary(void* data, std::size_t size) {
    if (size > in_.size()) throw cereal::Exception("payload ends too early");
    std::memcpy(data, in_.data(), size);
    in_.remove_prefix(size);
  }
  bool exhausted() const { return in_.empty(); }

 private:
  std::string_view in_;
};

template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(MemoryOutputArchive& archive, const T& value) {
  archive.saveBinary(std::addressof(value), sizeof(value));
}

template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_LOAD_FUNCTION_NAME(MemoryInputArchive& archive, T& value) {
  archive.loadBinary(std::addressof(value), sizeof(value));
}

template <class Archive, class T>
CEREAL_ARCHIVE_RESTRICT(MemoryInputArchive, MemoryOutputArchive)
CEREAL_SERIALIZE_FUNCTION_NAME(Archive& archive, cereal::NameValuePair<T>& pair) {
  archive(pair.value);
}

template <class Archive, class T>
CEREAL_ARCHIVE_RESTRICT(MemoryInputArchive, MemoryOutputArchive)
CEREAL_SERIALIZE_FUNCTION_NAME(Archive& archive, cereal::SizeTag<T>& tag) {
  archive(tag.size);
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(MemoryOutputArchive& archive, const cereal::BinaryData<T>& data) {
  archive.saveBinary(data.data, static_cast<std::size_t>(data.size));
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(MemoryInputArchive& archive, cereal::BinaryData<T>& data) {
  archive.loadBinary(data.data, static_cast<std::size_t>(data.size));
}

}  // namespace factura::eventstore

CEREAL_REGISTER_ARCHIVE(factura::eventstore::MemoryOutputArchive)
CEREAL_REGISTER_ARCHIVE(factura::eventstore::MemoryInputArchive)
CEREAL_SETUP_ARCHIVE_TRAITS(factura::eventstore::MemoryInputArchive,
                            factura::eventstore::MemoryOutputArchive)
