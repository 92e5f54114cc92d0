# A consumer compiling with -std=c++14 must get one error that names the requirement, and the
# compiler must stop there (g++ and clang otherwise carry on into hundreds of follow-on errors).
# Each header, detail ones too, is compiled on its own, as the first thing a translation unit
# includes: every include chain must reach detail/config.hpp before anything else.
# Arguments: CXX INCLUDE_DIR WORK_DIR

cmake_minimum_required(VERSION 3.16)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(GLOB_RECURSE _headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/simdact/*.hpp")
if(NOT _headers)
  message(FATAL_ERROR "no headers in ${INCLUDE_DIR}/simdact")
endif()
foreach(_header IN LISTS _headers)
  get_filename_component(_name "${_header}" NAME_WE)
  set(_source "${WORK_DIR}/${_name}.cpp")
  # Code after the include that would fail on its own too: the compiler must never get there.
  file(WRITE "${_source}" "#include <${_header}>\nint main() { return simdact::not_a_name; }\n")
  execute_process(COMMAND "${CXX}" -std=c++14 -fsyntax-only -Wall -Wextra -Wpedantic
                          "-I${INCLUDE_DIR}" "${_source}"
                  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(_rc EQUAL 0)
    message(FATAL_ERROR "${_header} compiled with -std=c++14")
  endif()
  string(REPLACE ";" "," _out "${_out}") # a ";" in the output would split the list below
  # Diagnostics read "file:line:col: [fatal ]error: text" with g++ and clang alike.
  string(REGEX MATCHALL "[^\n]*error: [^\n]*" _errors "${_out}")
  list(LENGTH _errors _count)
  if(NOT _count EQUAL 1)
    message(FATAL_ERROR "${_header} with -std=c++14: ${_count} error lines instead of one:\n${_out}")
  endif()
  if(NOT _errors MATCHES "simdact needs C\\+\\+17 or newer: compile with -std=c\\+\\+17")
    message(FATAL_ERROR "${_header} with -std=c++14: the error does not name the requirement:\n${_out}")
  endif()
  message(STATUS "${_header}: ${_errors}")
endforeach()
