# Driver for the packaging tests, run as `cmake -P` by ctest. Modes:
#   MODE=install    remove PREFIX, `cmake --install BUILD_DIR --prefix PREFIX`, check the tree
#   MODE=cmake      configure, build and test the consumer project SOURCE in BINARY
#   MODE=pkgconfig  compile consumer.cpp with the flags `pkg-config --cflags simdact` gives, with
#                   PKG_CONFIG_PATH set to simdact's .pc and that of the xsimd the build uses
# Lists are passed with "|" instead of ";" so they survive add_test().

cmake_minimum_required(VERSION 3.16)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    string(REPLACE ";" " " _cmd "${ARGN}")
    message(FATAL_ERROR "command failed (${_rc}): ${_cmd}")
  endif()
endfunction()

function(split_list out value)
  string(REPLACE "|" ";" _list "${value}")
  set(${out} "${_list}" PARENT_SCOPE)
endfunction()

if(NOT CONFIG)
  set(CONFIG Release)
endif()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}")
  split_list(_expected "${EXPECTED_FILES}")
  foreach(_file IN LISTS _expected)
    if(NOT EXISTS "${PREFIX}/${_file}")
      message(FATAL_ERROR "not installed: ${_file}")
    endif()
  endforeach()
  # Header-only: nothing may land outside include/ and share/ (no libraries, no programs).
  file(GLOB_RECURSE _all RELATIVE "${PREFIX}" "${PREFIX}/*")
  list(SORT _all)
  foreach(_file IN LISTS _all)
    if(NOT _file MATCHES "^(include|share)/")
      message(FATAL_ERROR "unexpected installed file: ${_file}")
    endif()
    message(STATUS "installed: ${_file}")
  endforeach()

elseif(MODE STREQUAL "cmake")
  file(REMOVE_RECURSE "${BINARY}") # configure from scratch: no stale cache hides a regression
  split_list(_options "${OPTIONS}")
  set(_generator -G "${GENERATOR}")
  if(MAKE_PROGRAM)
    list(APPEND _generator "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  run("${CMAKE_COMMAND}" -S "${SOURCE}" -B "${BINARY}" ${_generator}
      "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_BUILD_TYPE=${CONFIG}"
      "-DSIMDACT_EXPECT_VERSION=${VERSION}" ${_options})
  if(CONFIGURE_ONLY)
    return()
  endif()
  run("${CMAKE_COMMAND}" --build "${BINARY}" --config "${CONFIG}")
  execute_process(COMMAND "${CTEST}" -C "${CONFIG}" -V --no-tests=error
                  WORKING_DIRECTORY "${BINARY}" RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "the consumer's checks failed")
  endif()
  if(INSTALL_ONLY_CONSUMER)
    # simdact as a subproject must install nothing: the consumer's own program is all there is.
    set(_prefix "${BINARY}/_install")
    run("${CMAKE_COMMAND}" --install "${BINARY}" --prefix "${_prefix}" --config "${CONFIG}")
    file(GLOB_RECURSE _all RELATIVE "${_prefix}" "${_prefix}/*")
    if(NOT _all MATCHES "^bin/consumer(\\.exe)?$")
      message(FATAL_ERROR "installing the consumer installed more than its program: ${_all}")
    endif()
    message(STATUS "installing the consumer installs only: ${_all}")
  endif()

elseif(MODE STREQUAL "pkgconfig")
  file(REMOVE_RECURSE "${BINARY}")
  file(MAKE_DIRECTORY "${BINARY}")
  # simdact's .pc and the .pc of the xsimd this build was configured with, ahead of anything else.
  if(NOT XSIMD_PC_DIR OR NOT EXISTS "${XSIMD_PC_DIR}/xsimd.pc")
    message(FATAL_ERROR "no xsimd.pc found next to the xsimd this build uses (xsimd ${XSIMD_VERSION}); "
                        "pkg-config consumers could not get that xsimd")
  endif()
  set(_pc_path "${PREFIX}/${PKGCONFIG_DIR}:${XSIMD_PC_DIR}")
  if(DEFINED ENV{PKG_CONFIG_PATH} AND NOT "$ENV{PKG_CONFIG_PATH}" STREQUAL "")
    set(ENV{PKG_CONFIG_PATH} "${_pc_path}:$ENV{PKG_CONFIG_PATH}")
  else()
    set(ENV{PKG_CONFIG_PATH} "${_pc_path}")
  endif()
  message(STATUS "PKG_CONFIG_PATH=$ENV{PKG_CONFIG_PATH}")
  function(pkg_config out)
    execute_process(COMMAND "${PKG_CONFIG}" ${ARGN} OUTPUT_VARIABLE _value
                    OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
    string(REPLACE ";" " " _args "${ARGN}")
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "pkg-config ${_args} failed")
    endif()
    message(STATUS "pkg-config ${_args}: ${_value}")
    set(${out} "${_value}" PARENT_SCOPE)
  endfunction()
  pkg_config(_modversion --modversion simdact)
  if(NOT _modversion STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion simdact: '${_modversion}', expected ${VERSION}")
  endif()
  pkg_config(_xsimd_version --modversion xsimd)
  pkg_config(_xsimd_pc --variable=pcfiledir xsimd)
  if(NOT _xsimd_version STREQUAL XSIMD_VERSION)
    message(FATAL_ERROR "pkg-config resolves xsimd ${_xsimd_version} (${_xsimd_pc}/xsimd.pc), "
                        "but this build uses xsimd ${XSIMD_VERSION}")
  endif()
  pkg_config(_cflags --cflags simdact)
  separate_arguments(_cflags UNIX_COMMAND "${_cflags}")
  # The include directory it names must be the installed one; no -std (see cmake/simdact.pc.in).
  get_filename_component(_want_include "${PREFIX}/include" REALPATH)
  set(_seen FALSE)
  foreach(_flag IN LISTS _cflags)
    if(_flag MATCHES "^-I(.+)$")
      get_filename_component(_dir "${CMAKE_MATCH_1}" REALPATH)
      if(_dir STREQUAL _want_include)
        set(_seen TRUE)
      endif()
    elseif(_flag MATCHES "^-std")
      message(FATAL_ERROR "pkg-config --cflags simdact sets the standard: ${_flag}")
    endif()
  endforeach()
  if(NOT _seen)
    message(FATAL_ERROR "pkg-config --cflags simdact does not point at ${_want_include}")
  endif()
  pkg_config(_cxx_standard --variable=cxx_standard simdact)
  if(NOT _cxx_standard STREQUAL "17")
    message(FATAL_ERROR "simdact.pc: cxx_standard '${_cxx_standard}', expected 17")
  endif()
  # What docs/installation.md tells a Makefile user to type, headers as system headers:
  #   c++ -std=c++17 $(pkg-config --cflags simdact | sed 's/-I/-isystem /g') app.cpp
  execute_process(COMMAND sh -c "'${PKG_CONFIG}' --cflags simdact | sed 's/-I/-isystem /g'"
                  OUTPUT_VARIABLE _system_cflags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags simdact | sed ... failed")
  endif()
  message(STATUS "as system headers: ${_system_cflags}")
  separate_arguments(_system_cflags UNIX_COMMAND "${_system_cflags}")
  run("${CXX}" -std=c++17 -O2 -Wall -Wextra -Wpedantic -Werror ${_system_cflags}
      "-DSIMDACT_EXPECT_VERSION=\"${VERSION}\"" "${SOURCE}" -o "${BINARY}/consumer")
  run("${BINARY}/consumer")

else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
