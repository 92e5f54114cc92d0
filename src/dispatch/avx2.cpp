// The avx2 kernels. Built with -mavx2 -mfma (see CMakeLists.txt).

#include "instantiate.hpp"

const simdact::dispatch::detail::table& simdact::dispatch::detail::avx2_table() noexcept {
  return table_for<xsimd::fma3<xsimd::avx2>>();
}
