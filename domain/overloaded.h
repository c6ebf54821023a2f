#pragma once
// The usual helper for std::visit with one lambda per alternative.

namespace factura::domain {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};

}  // namespace factura::domain
