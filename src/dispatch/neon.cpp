// The neon kernels. Built with no flags: NEON is part of ARM64 (see CMakeLists.txt).

#include "instantiate.hpp"

const simdact::dispatch::detail::table& simdact::dispatch::detail::neon_table() noexcept {
  return table_for<xsimd::neon64>();
}
