// The sse2 kernels. Built with no -m flags: x86-64's baseline (see CMakeLists.txt).

#include "instantiate.hpp"

const simdact::dispatch::detail::table& simdact::dispatch::detail::sse2_table() noexcept {
  return table_for<xsimd::sse2>();
}
