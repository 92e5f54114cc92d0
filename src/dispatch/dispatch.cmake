# simdact::dispatch: the array functions compiled once per instruction set, and the code that
# picks one at run time. One file per set, each built with that set's flags and nothing else;
# dispatch.cpp and the user's files need none. Included from the top-level CMakeLists.txt (not a
# subdirectory: as a subproject simdact adds none).

set(_dispatch_dir "${CMAKE_CURRENT_LIST_DIR}")

set(_dispatch_sources dispatch.cpp)
set(_dispatch_definitions "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  list(APPEND _dispatch_definitions SIMDACT_DISPATCH_X86)
  list(APPEND _dispatch_sources sse2.cpp)
  # AVX2 and AVX-512 need the compiler's flags and __builtin_cpu_supports (g++, clang).
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    include(CheckCXXCompilerFlag)
    check_cxx_compiler_flag("-mavx2 -mfma" SIMDACT_HAVE_AVX2_FLAGS)
    check_cxx_compiler_flag("-mavx512f -mavx512cd -mavx512dq -mavx512bw -mfma"
                            SIMDACT_HAVE_AVX512_FLAGS_DISPATCH)
    # SIMDACT_DISPATCH_ISAS, when set, names the sets wanted; SSE2, the fallback every x86-64 CPU
    # runs, is always in. A shorter build for who does not need the others.
    foreach(_isa avx2 avx512)
      set(_want_${_isa} TRUE)
      if(SIMDACT_DISPATCH_ISAS AND NOT _isa IN_LIST SIMDACT_DISPATCH_ISAS)
        set(_want_${_isa} FALSE)
      endif()
    endforeach()
    if(SIMDACT_HAVE_AVX2_FLAGS AND _want_avx2)
      list(APPEND _dispatch_definitions SIMDACT_DISPATCH_AVX2)
      list(APPEND _dispatch_sources avx2.cpp)
      set_source_files_properties(${_dispatch_dir}/avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
    endif()
    if(SIMDACT_HAVE_AVX512_FLAGS_DISPATCH AND _want_avx512)
      list(APPEND _dispatch_definitions SIMDACT_DISPATCH_AVX512)
      list(APPEND _dispatch_sources avx512.cpp)
      # What xsimd's avx512bw architecture needs.
      set_source_files_properties(${_dispatch_dir}/avx512.cpp PROPERTIES COMPILE_OPTIONS
                                  "-mavx512f;-mavx512cd;-mavx512dq;-mavx512bw;-mfma")
    endif()
  else()
    message(STATUS "simdact::dispatch: SSE2 only with ${CMAKE_CXX_COMPILER_ID}")
  endif()
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  list(APPEND _dispatch_definitions SIMDACT_DISPATCH_ARM64)
  list(APPEND _dispatch_sources neon.cpp)
else()
  message(FATAL_ERROR "simdact::dispatch is for x86-64 and ARM64, not ${CMAKE_SYSTEM_PROCESSOR}; "
                      "configure with -DSIMDACT_BUILD_DISPATCH=OFF")
endif()

# For the tests: the sets this build has.
string(REGEX MATCHALL "(sse2|avx2|avx512|neon)" SIMDACT_DISPATCH_ISAS "${_dispatch_sources}")
list(TRANSFORM _dispatch_sources PREPEND "${_dispatch_dir}/")

# dispatch.cpp and sse2.cpp first: the linker keeps the first copy of an inline function that
# several files define (std::string's, for the messages), and those two run on every CPU.
add_library(simdact_dispatch ${_dispatch_sources})
add_library(simdact::dispatch ALIAS simdact_dispatch)
target_link_libraries(simdact_dispatch PUBLIC simdact::simdact)
target_compile_features(simdact_dispatch PUBLIC cxx_std_17)
target_compile_definitions(simdact_dispatch PRIVATE ${_dispatch_definitions})
set_target_properties(simdact_dispatch PROPERTIES
  EXPORT_NAME dispatch
  OUTPUT_NAME simdact-dispatch
  # Only the API (dispatch.hpp) is exported from a shared build; the kernels stay inside.
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON
  # A static build can go into the user's shared libraries (Python extensions, say).
  POSITION_INDEPENDENT_CODE ON
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR})
