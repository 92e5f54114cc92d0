#pragma once

// The kernels of one instruction set as a table of plain function pointers (detail::table, in
// <simdact/dispatch.hpp>): what dispatch.cpp, built with no -m flags, sees of the files built for
// each instruction set.

#include <simdact/dispatch.hpp>

namespace simdact::dispatch::detail {

// One per instruction set, each defined in the file built for it (sse2.cpp, ...). Which of
// them a build has depends on the target CPU family and the compiler (see dispatch.cmake).
const table& sse2_table() noexcept;
const table& avx2_table() noexcept;
const table& avx512_table() noexcept;
const table& neon_table() noexcept;

} // namespace simdact::dispatch::detail
