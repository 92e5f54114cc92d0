# The release path of the vcpkg port, end to end and offline: a `git archive` of HEAD stands in
# for GitHub's release tarball of v${VERSION}; cmake/make_registry_port.cmake turns it into a
# registry port. Checks that
#   - the port pins the archive's SHA512 (computed here with sha512sum) and the tag;
#   - its portfile differs from the overlay one in the archive only inside the source step, and
#     its vcpkg.json only in the version;
#   - vcpkg_port_check.cmake passes on both ports without features (the overlay one inside the
#     unpacked archive, i.e. a checkout of another commit in another place), and both install
#     identical trees;
#   - a wrong hash and a wrong tag are refused, and the overlay port outside a checkout fails
#     with a message that says so.
# Arguments: SOURCE_DIR GIT SHA512SUM (optional) WORK_DIR VERSION GENERATOR MAKE_PROGRAM CXX

cmake_minimum_required(VERSION 3.19)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(NOT _rc EQUAL 0)
    string(REPLACE ";" " " _cmd "${ARGN}")
    message(FATAL_ERROR "command failed (${_rc}): ${_cmd}\n${_out}")
  endif()
endfunction()

# Runs a command that must fail with output matching `expected`.
function(run_expect_failure expected)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  string(REGEX REPLACE "[ \n]+" " " _flat "${_out}") # CMake wraps long messages
  if(_rc EQUAL 0 OR NOT _flat MATCHES "${expected}")
    string(REPLACE ";" " " _cmd "${ARGN}")
    message(FATAL_ERROR "expected a failure matching '${expected}' from: ${_cmd}\n${_out}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(_tag "v${VERSION}")
set(_archive "${WORK_DIR}/simdact-${VERSION}.tar.gz")
set(_port_check "${CMAKE_CURRENT_LIST_DIR}/vcpkg_port_check.cmake")
set(_tools "-DGENERATOR=${GENERATOR}" "-DMAKE_PROGRAM=${MAKE_PROGRAM}" "-DCXX=${CXX}" "-DVERSION=${VERSION}")

# --- the "release tarball" and the registry port made from it ---------------------------------
run("${GIT}" -C "${SOURCE_DIR}" archive --format=tar.gz "--prefix=simdact-${VERSION}/"
    -o "${_archive}" HEAD)
run("${CMAKE_COMMAND}" "-DTAG=${_tag}" "-DARCHIVE=${_archive}" "-DOUT=${WORK_DIR}/registry"
    -P "${SOURCE_DIR}/cmake/make_registry_port.cmake")
set(_registry_port "${WORK_DIR}/registry/simdact")

if(SHA512SUM)
  execute_process(COMMAND "${SHA512SUM}" "${_archive}" OUTPUT_VARIABLE _sum RESULT_VARIABLE _rc)
else()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sha512sum "${_archive}" OUTPUT_VARIABLE _sum
                  RESULT_VARIABLE _rc)
endif()
if(NOT _rc EQUAL 0 OR NOT _sum MATCHES "^([0-9a-f]+) ")
  message(FATAL_ERROR "could not hash ${_archive}: ${_sum}")
endif()
set(_sha512 "${CMAKE_MATCH_1}")
string(LENGTH "${_sha512}" _length)
if(NOT _length EQUAL 128)
  message(FATAL_ERROR "SHA512 '${_sha512}' is not 128 hex digits")
endif()
message(STATUS "archive SHA512: ${_sha512}")

# --- the generated port against the overlay port of the same commit ---------------------------
file(ARCHIVE_EXTRACT INPUT "${_archive}" DESTINATION "${WORK_DIR}/checkout")
set(_checkout "${WORK_DIR}/checkout/simdact-${VERSION}")
set(_overlay_port "${_checkout}/ports/simdact")
file(READ "${_overlay_port}/portfile.cmake" _overlay)
file(READ "${_registry_port}/portfile.cmake" _registry)

# Longest common prefix and suffix (binary search on substring equality), cut back to whole lines.
function(common_prefix_length out a b)
  string(LENGTH "${a}" _la)
  string(LENGTH "${b}" _lb)
  set(_lo 0)
  if(_la LESS _lb)
    set(_hi ${_la})
  else()
    set(_hi ${_lb})
  endif()
  while(_lo LESS _hi)
    math(EXPR _mid "(${_lo} + ${_hi} + 1) / 2")
    string(SUBSTRING "${a}" 0 ${_mid} _pa)
    string(SUBSTRING "${b}" 0 ${_mid} _pb)
    if(_pa STREQUAL _pb)
      set(_lo ${_mid})
    else()
      math(EXPR _hi "${_mid} - 1")
    endif()
  endwhile()
  string(SUBSTRING "${a}" 0 ${_lo} _common)
  string(FIND "${_common}" "\n" _newline REVERSE)
  math(EXPR _lines "${_newline} + 1") # 0 when there is no whole common line
  set(${out} ${_lines} PARENT_SCOPE)
endfunction()
function(reverse out text)
  string(LENGTH "${text}" _n)
  set(_r "")
  while(_n GREATER 0)
    math(EXPR _n "${_n} - 1")
    string(SUBSTRING "${text}" ${_n} 1 _c)
    string(APPEND _r "${_c}")
  endwhile()
  set(${out} "${_r}" PARENT_SCOPE)
endfunction()
common_prefix_length(_prefix "${_overlay}" "${_registry}")
reverse(_overlay_reversed "${_overlay}")
reverse(_registry_reversed "${_registry}")
# Reversed, a file ends in "\n", so whole common lines at the end are again cut at a "\n".
common_prefix_length(_suffix "${_overlay_reversed}" "${_registry_reversed}")
if(_suffix GREATER 0)
  math(EXPR _suffix "${_suffix} - 1") # keep the newline that ends the last differing line
endif()
string(LENGTH "${_overlay}" _overlay_length)
string(LENGTH "${_registry}" _registry_length)
math(EXPR _overlay_diff_length "${_overlay_length} - ${_prefix} - ${_suffix}")
math(EXPR _registry_diff_length "${_registry_length} - ${_prefix} - ${_suffix}")
if(_overlay_diff_length LESS_EQUAL 0 OR _registry_diff_length LESS_EQUAL 0)
  message(FATAL_ERROR "the registry portfile does not replace the overlay's source step")
endif()
string(SUBSTRING "${_overlay}" ${_prefix} ${_overlay_diff_length} _overlay_diff)
string(SUBSTRING "${_registry}" ${_prefix} ${_registry_diff_length} _registry_diff)
message(STATUS "overlay portfile, differing lines:\n${_overlay_diff}")
message(STATUS "registry portfile, differing lines:\n${_registry_diff}")

string(FIND "${_overlay}" "# BEGIN source step\n" _begin)
string(FIND "${_overlay}" "# END source step\n" _end)
if(_begin EQUAL -1 OR _end EQUAL -1)
  message(FATAL_ERROR "the overlay portfile marks no source step")
endif()
math(EXPR _diff_end "${_prefix} + ${_overlay_diff_length}")
if(_prefix LESS_EQUAL _begin OR _diff_end GREATER _end)
  message(FATAL_ERROR "the registry portfile differs from the overlay one outside the source step")
endif()
string(FIND "${_registry_diff}" "vcpkg_from_github(" _download)
string(FIND "${_registry_diff}" "    SHA512 ${_sha512}\n" _hash)
string(FIND "${_registry_diff}" "    REF \"${_tag}\"\n" _ref)
string(FIND "${_registry_diff}" "    REPO simdact/simdact\n" _repo)
if(_download EQUAL -1 OR _hash EQUAL -1 OR _ref EQUAL -1 OR _repo EQUAL -1)
  message(FATAL_ERROR "the registry source step should be vcpkg_from_github with REPO simdact/simdact, "
                      "REF \"${_tag}\" and SHA512 ${_sha512}")
endif()

# vcpkg.json: the same but for the version; usage: the same.
file(READ "${_overlay_port}/vcpkg.json" _overlay_manifest)
file(READ "${_registry_port}/vcpkg.json" _registry_manifest)
string(JSON _registry_version GET "${_registry_manifest}" version)
if(NOT _registry_version STREQUAL VERSION)
  message(FATAL_ERROR "registry vcpkg.json: version ${_registry_version}, want ${VERSION}")
endif()
string(JSON _overlay_manifest REMOVE "${_overlay_manifest}" version-string)
string(JSON _registry_manifest REMOVE "${_registry_manifest}" version)
string(JSON _same EQUAL "${_overlay_manifest}" "${_registry_manifest}")
if(NOT _same)
  message(FATAL_ERROR "the registry vcpkg.json differs from the overlay one beyond the version")
endif()
file(SHA256 "${_overlay_port}/usage" _want)
file(SHA256 "${_registry_port}/usage" _got)
if(NOT _got STREQUAL _want)
  message(FATAL_ERROR "the registry port's usage differs from the overlay one")
endif()

# --- both ports, run; they install the same tree -----------------------------------------------
# Without features: the portfiles are the same outside the source step (checked above), and
# package.vcpkg_port runs the overlay port's features; building the dispatch library twice more
# here would prove nothing new.
run("${CMAKE_COMMAND}" -DMODE=overlay "-DPORT_DIR=${_overlay_port}" "-DSOURCE_DIR=${_checkout}"
    "-DWORK_DIR=${WORK_DIR}/run_overlay" -DDEFAULT_FEATURES_ONLY=ON ${_tools} -P "${_port_check}")
run("${CMAKE_COMMAND}" -DMODE=registry "-DPORT_DIR=${_registry_port}" "-DARCHIVE=${_archive}"
    "-DWORK_DIR=${WORK_DIR}/run_registry" -DDEFAULT_FEATURES_ONLY=ON ${_tools} -P "${_port_check}")
set(_tree_a "${WORK_DIR}/run_overlay/default/packages")
set(_tree_b "${WORK_DIR}/run_registry/default/packages")
file(GLOB_RECURSE _files_a RELATIVE "${_tree_a}" "${_tree_a}/*")
file(GLOB_RECURSE _files_b RELATIVE "${_tree_b}" "${_tree_b}/*")
list(SORT _files_a)
list(SORT _files_b)
if(NOT _files_a STREQUAL _files_b)
  message(FATAL_ERROR "overlay and registry ports install different files:\n${_files_a}\n${_files_b}")
endif()
foreach(_file IN LISTS _files_a)
  file(SHA256 "${_tree_a}/${_file}" _a)
  file(SHA256 "${_tree_b}/${_file}" _b)
  if(NOT _a STREQUAL _b)
    message(FATAL_ERROR "overlay and registry ports install different ${_file}")
  endif()
endforeach()
list(LENGTH _files_a _count)
message(STATUS "overlay and registry ports install the same ${_count} files")

# --- what must be refused ---------------------------------------------------------------------
# Another archive of the same commit (different top directory): vcpkg would reject the download.
run("${GIT}" -C "${SOURCE_DIR}" archive --format=tar.gz "--prefix=other/"
    -o "${WORK_DIR}/other.tar.gz" HEAD)
run_expect_failure("SHA512 ${_sha512}, but the archive's is"
  "${CMAKE_COMMAND}" -DMODE=registry "-DPORT_DIR=${_registry_port}" "-DARCHIVE=${WORK_DIR}/other.tar.gz"
  "-DWORK_DIR=${WORK_DIR}/run_wrong_hash" ${_tools} -P "${_port_check}")
# The overlay port copied out of its checkout (e.g. into a registry by hand) says what it is for.
file(COPY "${_overlay_port}" DESTINATION "${WORK_DIR}/lone/ports")
run_expect_failure("This port builds the simdact checkout that contains it"
  "${CMAKE_COMMAND}" -DMODE=overlay "-DPORT_DIR=${WORK_DIR}/lone/ports/simdact"
  "-DSOURCE_DIR=${WORK_DIR}/lone" "-DWORK_DIR=${WORK_DIR}/run_lone" ${_tools} -P "${_port_check}")
# A tag that is not the version inside the archive.
string(REGEX MATCH "[0-9]+$" _patch "${VERSION}")
math(EXPR _patch "${_patch} + 1")
string(REGEX REPLACE "[0-9]+$" "${_patch}" _other_version "${VERSION}")
run_expect_failure("the archive holds simdact ${VERSION}, but the tag is v${_other_version}"
  "${CMAKE_COMMAND}" "-DTAG=v${_other_version}" "-DARCHIVE=${_archive}"
  "-DOUT=${WORK_DIR}/registry_wrong_tag" -P "${SOURCE_DIR}/cmake/make_registry_port.cmake")
