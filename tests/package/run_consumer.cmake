# Driver for the packaging tests, run as `cmake -P` by ctest. Modes:
#   MODE=install    remove PREFIX, `cmake --install BUILD_DIR --prefix PREFIX`, check the tree
#   MODE=cmake      configure, build and test the consumer project SOURCE in BINARY
#   MODE=pkgconfig  compile consumer.cpp with the flags `pkg-config --cflags simdact` gives
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
  set(_pc_dir "${PREFIX}/${PKGCONFIG_DIR}")
  if(DEFINED ENV{PKG_CONFIG_PATH} AND NOT "$ENV{PKG_CONFIG_PATH}" STREQUAL "")
    set(ENV{PKG_CONFIG_PATH} "${_pc_dir}:$ENV{PKG_CONFIG_PATH}")
  else()
    set(ENV{PKG_CONFIG_PATH} "${_pc_dir}")
  endif()
  execute_process(COMMAND "${PKG_CONFIG}" --modversion simdact
                  OUTPUT_VARIABLE _modversion OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0 OR NOT _modversion STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion simdact: '${_modversion}', expected ${VERSION}")
  endif()
  execute_process(COMMAND "${PKG_CONFIG}" --cflags simdact
                  OUTPUT_VARIABLE _cflags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags simdact failed")
  endif()
  message(STATUS "pkg-config --modversion simdact: ${_modversion}")
  message(STATUS "pkg-config --cflags simdact: ${_cflags}")
  separate_arguments(_cflags UNIX_COMMAND "${_cflags}")
  # The include directory it names must be the installed one.
  get_filename_component(_want_include "${PREFIX}/include" REALPATH)
  set(_seen FALSE)
  foreach(_flag IN LISTS _cflags)
    if(_flag MATCHES "^-I(.+)$")
      get_filename_component(_dir "${CMAKE_MATCH_1}" REALPATH)
      if(_dir STREQUAL _want_include)
        set(_seen TRUE)
      endif()
    endif()
  endforeach()
  if(NOT _seen)
    message(FATAL_ERROR "pkg-config --cflags simdact does not point at ${_want_include}")
  endif()
  # What a Makefile user types: c++ -std=c++17 $(pkg-config --cflags simdact) app.cpp
  run("${CXX}" -std=c++17 -O2 -Wall -Wextra -Wpedantic -Werror ${_cflags}
      "-DSIMDACT_EXPECT_VERSION=\"${VERSION}\"" "${SOURCE}" -o "${BINARY}/consumer")
  run("${BINARY}/consumer")

else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
