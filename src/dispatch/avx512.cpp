// The avx512 kernels. Built with -mavx512f -mavx512cd -mavx512dq -mavx512bw -mfma (see
// CMakeLists.txt).

#include "instantiate.hpp"

const simdact::dispatch::detail::table& simdact::dispatch::detail::avx512_table() noexcept {
  return table_for<xsimd::avx512bw>();
}
