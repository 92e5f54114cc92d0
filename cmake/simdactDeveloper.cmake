# simdact's own programs (tests, benchmarks, examples, fuzz targets): one warning set and one
# table of instruction sets, defined here only. None of it reaches the simdact target that users
# link, and it is never installed.
#
#   simdact_warnings                  interface target with the warning set (errors when
#                                     SIMDACT_WERROR, declared in the top-level CMakeLists.txt)
#   simdact_target_isa(<target> <isa>)  compiles <target> for <isa>
#   simdact_isa_arch_name(<isa> <var>)  the xsimd::default_arch::name() that <isa> promises
#   simdact_isa_cpu_features(<isa> <var>)  what the CPU needs to run <isa> (for isa_guard.cpp)
include_guard(GLOBAL)

if(NOT DEFINED SIMDACT_WERROR)
  set(SIMDACT_WERROR ON) # a build that includes this file without simdact's CMakeLists.txt
endif()

add_library(simdact_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(simdact_warnings INTERFACE -Wall -Wextra -Wpedantic -Wconversion
                         -Wshadow $<$<BOOL:${SIMDACT_WERROR}>:-Werror>)
elseif(MSVC)
  target_compile_options(simdact_warnings INTERFACE /W4 $<$<BOOL:${SIMDACT_WERROR}>:/WX>)
endif()

# Instruction sets, by the name the tests, benchmarks and fuzz targets use in their target
# names (simdact_tests_avx512, ...). Per ISA: compiler flags; the xsimd architecture those
# flags make the default (checked by tests/test_isa.cpp; none for `native` and `default`, which
# promise nothing); the CPU features __builtin_cpu_supports must report to run it.
#   sse2     plain x86-64
#   avx2     AVX2 + FMA (Haswell, Zen 1 and later)
#   avx512   the AVX-512 subset of xsimd's avx512bw (F, CD, DQ, BW) + FMA: Skylake-SP, Zen 4
#   native   -march=native: whatever this machine has
#   default  the compiler's defaults (non-x86 targets)
set(SIMDACT_X86_ISAS sse2 avx2 avx512 native)
set(_simdact_isa_flags_sse2 "")
set(_simdact_isa_flags_avx2 -mavx2 -mfma)
set(_simdact_isa_flags_avx512 -mavx512f -mavx512cd -mavx512dq -mavx512bw -mfma)
set(_simdact_isa_flags_native -march=native)
set(_simdact_isa_flags_default "")
set(_simdact_isa_arch_sse2 "sse2")
set(_simdact_isa_arch_avx2 "fma3+avx2")
set(_simdact_isa_arch_avx512 "avx512bw")
set(_simdact_isa_cpu_sse2 sse2)
set(_simdact_isa_cpu_avx2 avx2 fma)
set(_simdact_isa_cpu_avx512 avx512f avx512cd avx512dq avx512bw fma)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(SIMDACT_IS_X86_64 TRUE)
else()
  set(SIMDACT_IS_X86_64 FALSE)
endif()

function(_simdact_check_isa isa)
  if(NOT DEFINED _simdact_isa_flags_${isa})
    message(FATAL_ERROR "simdact: unknown instruction set '${isa}' (known: ${SIMDACT_X86_ISAS};default)")
  endif()
  if(NOT SIMDACT_IS_X86_64 AND NOT isa STREQUAL "default")
    message(FATAL_ERROR "simdact: '${isa}' is an x86-64 instruction set; use 'default' on ${CMAKE_SYSTEM_PROCESSOR}")
  endif()
endfunction()

function(simdact_target_isa target isa)
  _simdact_check_isa(${isa})
  target_compile_options(${target} PRIVATE ${_simdact_isa_flags_${isa}})
endfunction()

function(simdact_isa_arch_name isa var)
  _simdact_check_isa(${isa})
  set(${var} "${_simdact_isa_arch_${isa}}" PARENT_SCOPE)
endfunction()

function(simdact_isa_cpu_features isa var)
  _simdact_check_isa(${isa})
  set(${var} "${_simdact_isa_cpu_${isa}}" PARENT_SCOPE)
endfunction()
