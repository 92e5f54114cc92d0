#pragma once

// What an xsimd architecture can do in one instruction, named, so that the kernels ask for a
// capability rather than for an instruction set. (Conservative: an architecture missing from a
// trait only runs a slower, equally exact path.)

#include "../config.hpp"

#include <xsimd/xsimd.hpp>

#include <type_traits>

namespace simdact::detail {

template <class A>
inline constexpr bool is_x86_v = std::is_base_of_v<xsimd::sse2, A> ||
                                 std::is_base_of_v<xsimd::avx, A> ||
                                 std::is_base_of_v<xsimd::avx512f, A>;

// Compares into mask registers, and loads, stores and arithmetic under a mask (AVX-512).
template <class A>
inline constexpr bool has_mask_registers_v = std::is_base_of_v<xsimd::avx512f, A>;

// Loads and stores of a batch's first lanes that touch no memory past them (AVX2, AVX-512).
template <class A>
inline constexpr bool has_partial_memory_ops_v = std::is_base_of_v<xsimd::avx2, A> ||
                                                 std::is_base_of_v<xsimd::avx512f, A>;

// 32 vector registers rather than 16 (AVX-512): room for twice the sums and slopes in a loop.
template <class A>
inline constexpr bool has_32_vector_registers_v = std::is_base_of_v<xsimd::avx512f, A>;

// A max instruction that returns its second operand where either is NaN and where both are zeros
// of either sign (x86): at_least in one instruction.
template <class A> inline constexpr bool has_ordered_max_v = is_x86_v<A>;

// x * 2^n for a floating-point n in one instruction (AVX-512 vscalef).
template <class A> inline constexpr bool has_scalef_v = std::is_base_of_v<xsimd::avx512f, A>;

// xsimd's NEON fma is one instruction only where the compiler defines __ARM_FEATURE_FMA (every
// AArch64 compiler does); without it, xsimd computes x * y + z with two roundings.
#if defined(__ARM_FEATURE_FMA)
inline constexpr bool arm_fma_enabled = true;
#else
inline constexpr bool arm_fma_enabled = false;
#endif

// True when detail::mul_add on A is one fused instruction, rounding once; elsewhere xsimd
// emulates it with a multiply and an add.
template <class A>
inline constexpr bool has_fused_fma_v = std::is_base_of_v<xsimd::avx512f, A> ||
                                        std::is_base_of_v<xsimd::fma3<xsimd::avx2>, A> ||
                                        std::is_base_of_v<xsimd::fma3<xsimd::avx>, A> ||
                                        std::is_base_of_v<xsimd::fma3<xsimd::sse4_2>, A> ||
                                        (std::is_base_of_v<xsimd::neon64, A> && arm_fma_enabled);

// Bitwise casts, integer shifts and transposed sums as NEON intrinsics (arch/neon.hpp), where
// xsimd 8's own are calls that g++ does not always inline into a loop.
template <class A>
inline constexpr bool has_inline_neon_casts_v = std::is_base_of_v<xsimd::neon64, A>;
template <class A>
inline constexpr bool has_inline_neon_shifts_v = std::is_base_of_v<xsimd::neon64, A>;
template <class A>
inline constexpr bool has_inline_neon_transposed_sums_v = std::is_base_of_v<xsimd::neon64, A>;

} // namespace simdact::detail
