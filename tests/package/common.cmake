# Shared by the consumer projects in this directory (each is a separate CMake project that the
# driver run_consumer.cmake configures, builds and runs).

if(NOT DEFINED SIMDACT_EXPECT_VERSION)
  message(FATAL_ERROR "Pass -DSIMDACT_EXPECT_VERSION=<version of the simdact under test>")
endif()

# An older default standard: simdact's cxx_std_17 usage requirement must raise it (consumer.cpp
# static_asserts C++17), which proves the compile feature reaches consumers.
set(CMAKE_CXX_STANDARD 14)

set(_simdact_package_tests_dir "${CMAKE_CURRENT_LIST_DIR}")
enable_testing() # here, not in the function below: it only takes effect at directory level

# The consumer program, registered as this project's only test and installed to bin/.
function(simdact_package_consumer)
  add_executable(consumer "${_simdact_package_tests_dir}/consumer.cpp")
  target_link_libraries(consumer PRIVATE simdact::simdact)
  target_compile_definitions(consumer PRIVATE "SIMDACT_EXPECT_VERSION=\"${SIMDACT_EXPECT_VERSION}\"")
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(consumer PRIVATE -Wall -Wextra -Wpedantic -Werror)
  endif()
  add_test(NAME consumer COMMAND consumer)
  install(TARGETS consumer DESTINATION bin)

  # simdact::dispatch, from a program built with no -m flags: the best set the CPU has, then SSE2.
  if(SIMDACT_EXPECT_DISPATCH AND NOT TARGET simdact::dispatch)
    message(FATAL_ERROR "simdact::dispatch is missing")
  endif()
  if(TARGET simdact::dispatch)
    simdact_check_no_arch_flags(simdact::dispatch)
    add_executable(dispatch_consumer "${_simdact_package_tests_dir}/dispatch_consumer.cpp")
    target_link_libraries(dispatch_consumer PRIVATE simdact::dispatch)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
      target_compile_options(dispatch_consumer PRIVATE -Wall -Wextra -Wpedantic -Werror)
    endif()
    # The choice of the best set, unless the library was built (FetchContent, same cache) with
    # SSE2 alone, where there is none to make.
    if(NOT SIMDACT_DISPATCH_ISAS STREQUAL "sse2")
      add_test(NAME dispatch_consumer COMMAND dispatch_consumer)
    endif()
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
      add_test(NAME dispatch_consumer_sse2 COMMAND dispatch_consumer)
      set_tests_properties(dispatch_consumer_sse2 PROPERTIES ENVIRONMENT SIMDACT_ISA=sse2)
    endif()
  endif()
endfunction()

# The exported target must carry no instruction-set flags: the architecture is the consumer's
# choice (their -mavx2, -march=native ...).
function(simdact_check_no_arch_flags target)
  get_target_property(_options ${target} INTERFACE_COMPILE_OPTIONS)
  if(_options)
    message(FATAL_ERROR "${target} forces compile options on consumers: ${_options}")
  endif()
  get_target_property(_features ${target} INTERFACE_COMPILE_FEATURES)
  if(NOT "cxx_std_17" IN_LIST _features)
    message(FATAL_ERROR "${target} lacks the cxx_std_17 compile feature (has: ${_features})")
  endif()
endfunction()

# When simdact is a subproject (add_subdirectory, FetchContent) it must add nothing but its
# library target: no tests, benchmarks, examples and no install rules.
function(simdact_check_quiet_subproject source_dir)
  foreach(_option SIMDACT_BUILD_TESTS SIMDACT_BUILD_BENCHMARKS SIMDACT_BUILD_EXAMPLES SIMDACT_INSTALL)
    if(${_option})
      message(FATAL_ERROR "${_option} defaults to ON for a subproject")
    endif()
  endforeach()
  foreach(_target simdact_tests_sse2 simdact_tests_avx2 simdact_tests_avx512 simdact_tests_native
                  simdact_warnings simdact_catch simdact_isa_guard)
    if(TARGET ${_target})
      message(FATAL_ERROR "simdact added its own target ${_target} to a consumer's build")
    endif()
  endforeach()
  get_property(_subdirs DIRECTORY "${source_dir}" PROPERTY SUBDIRECTORIES)
  if(_subdirs)
    message(FATAL_ERROR "simdact added subdirectories to a consumer's build: ${_subdirs}")
  endif()
  get_property(_tests DIRECTORY "${source_dir}" PROPERTY TESTS)
  if(_tests)
    message(FATAL_ERROR "simdact added tests to a consumer's build: ${_tests}")
  endif()
  get_target_property(_aliased simdact::simdact ALIASED_TARGET)
  if(NOT _aliased STREQUAL "simdact")
    message(FATAL_ERROR "simdact::simdact should alias the subproject's simdact target")
  endif()
endfunction()
